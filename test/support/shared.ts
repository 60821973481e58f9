import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** ../shared beside the project root: public data sets used by tests when present. */
export const SHARED = resolve(import.meta.dirname, '../../../shared');
export const sharedPath = (...p: string[]): string => join(SHARED, ...p);
export const hasShared = (...p: string[]): boolean => existsSync(sharedPath(...p));

/** Say plainly why a data-backed test is skipped. */
export function skipNote(what: string): string {
  return `${what} (skipped: ../shared/data is absent)`;
}
