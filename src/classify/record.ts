/** The `classify` output record (FORMATS.md), and the error record beside it. */
import type { Label, Priority, ReadError, Sentiment, SourceRef, TextCoverage } from '../core/types.js';
import type { HitPlace } from './rule-engine.js';

export type Reason =
  | { source: 'rule'; id: string; label: Label; text: string; message: HitPlace; weight: number }
  | { source: 'tiebreak'; id: string; label: Label; boost: number; description: string }
  | { source: 'lexical'; term: string; label: Label; weight: number }
  | { source: 'structure'; id: string; label: Label; weight: number; description: string }
  | { source: 'coverage'; text: TextCoverage; description: string };

export interface FieldReason {
  id: string;
  text?: string;
  message?: HitPlace;
  weight?: number;
  description?: string;
}

export interface ClassifiedRecord {
  id: string;
  label: Label;
  confidence: number;
  scores: Record<Label, number>;
  priority: Priority | null;
  sentiment: Sentiment | null;
  churn_risk: boolean | null;
  language: string | null;
  needs_review: boolean;
  reasons: Reason[];
  source: SourceRef;
  /** The label that came second, and why it lost. */
  runner_up: { label: Label; score: number; why: string };
  /** Why each triage field got its value. */
  field_reasons?: {
    priority?: FieldReason[];
    sentiment?: FieldReason[];
    churn_risk?: FieldReason[];
    language?: FieldReason[];
  };
  review_reasons?: string[];
  /** How much text the input carried: full, subject-only, snippet, none. */
  text: TextCoverage;
  layout: string;
  initiator: 'customer' | 'company' | 'unknown';
  created_at?: string;
  subject?: string;
  channel?: string;
  /** Unknown input fields, passed through. */
  fields?: Record<string, unknown>;
}

export interface ErrorRecord {
  id: string | null;
  error: string;
  code: string;
  source: SourceRef;
}

export type OutputRecord = ClassifiedRecord | ErrorRecord;

export const isErrorRecord = (r: OutputRecord): r is ErrorRecord => 'error' in r;

export const errorRecord = (e: ReadError): ErrorRecord => ({ id: e.id, error: e.error, code: e.code, source: e.source });
