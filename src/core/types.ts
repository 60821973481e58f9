/** The canonical shapes every reader produces and every classifier consumes (FORMATS.md). */

export const ROLES = ['customer', 'agent', 'bot', 'system'] as const;
export type Role = (typeof ROLES)[number];

export const LABELS = ['support', 'service', 'success'] as const;
export type Label = (typeof LABELS)[number];

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** Where a record came from: file name (or `-` for stdin) and 1-based line. */
export interface SourceRef {
  file: string;
  line: number;
}

export interface Message {
  role: Role;
  author?: string;
  at?: string;
  body: string;
  /** A note the customer never saw: kept and shown, never classified. */
  internal?: boolean;
}

/**
 * How much of the conversation's text the input carried. Exports without message
 * bodies can only be classified on subject and tags; the record says so.
 */
export type TextCoverage = 'full' | 'subject-only' | 'snippet' | 'none';

export interface Conversation {
  id: string;
  subject?: string;
  created_at?: string;
  channel?: string;
  tags?: string[];
  messages: Message[];
  /** Unknown input fields, passed through to the output. */
  fields?: Record<string, unknown>;
  text: TextCoverage;
  source: SourceRef;
  /** The layout the reader recognised (zendesk-json, intercom-csv, …). */
  layout: string;
}

/** Expected answers beside a conversation in a labelled fixture. */
export interface Expected {
  label: Label;
  priority?: Priority;
  sentiment?: Sentiment;
  churn_risk?: boolean;
  language?: string;
}

export interface ReadError {
  id: string | null;
  error: string;
  code: string;
  source: SourceRef;
}

export type ReadItem =
  | { kind: 'conversation'; conversation: Conversation; expected?: Expected }
  | { kind: 'error'; error: ReadError };

export const isLabel = (v: unknown): v is Label => typeof v === 'string' && (LABELS as readonly string[]).includes(v);
export const isPriority = (v: unknown): v is Priority =>
  typeof v === 'string' && (PRIORITIES as readonly string[]).includes(v);
export const isSentiment = (v: unknown): v is Sentiment =>
  typeof v === 'string' && (SENTIMENTS as readonly string[]).includes(v);
export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
