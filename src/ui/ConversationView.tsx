/**
 * Conversation: why one conversation got its label — scores for all three
 * labels, the runner-up, every reason with the customer's matched words, the
 * triage fields with their reasons — and the thread with roles and times, the
 * matched words marked «like this», quoted / signature / footer parts dimmed and
 * labelled, internal notes and auto-replies marked. Every piece of conversation
 * text goes through `visible()` (via format.ts) before it is shown.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { FieldReason } from '../classify/record.js';
import { type Label, LABELS } from '../core/types.js';
import type { Explanation } from '../report/explain.js';
import { bar, block, num, oneLine, shortTime } from './format.js';
import { segments } from './model.js';
import { MARK_CLOSE, MARK_OPEN, useTheme } from './theme.js';

export interface ConversationViewProps {
  readonly explanation: Explanation;
  /** Where it stands in the filtered queue (0-based), or -1 when filtered out. */
  readonly position: number;
  readonly count: number;
  readonly width: number;
}

const KEY = 12;

function Section({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold underline>
        {title}
      </Text>
      {children}
    </Box>
  );
}

function Field({ name, children }: { readonly name: string; readonly children: ReactNode }) {
  return (
    <Box paddingLeft={2}>
      <Box width={KEY} flexShrink={0}>
        <Text>{name}</Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        {children}
      </Box>
    </Box>
  );
}

/** One piece of evidence for a label: "rule ID → label +amount: what". */
function Evidence({ kind, id, label, amount, children }: { readonly kind: string; readonly id: string; readonly label: Label; readonly amount: number; readonly children: ReactNode }) {
  const theme = useTheme();
  return (
    <Box paddingLeft={2}>
      <Text>
        {kind} {id} → <Text color={theme.label[label]}>{label}</Text> +{amount}: {children}
      </Text>
    </Box>
  );
}

/** Matched words: «» always (monochrome terminals), inverse + underline when styling is on. */
function Marked({ text }: { readonly text: string }) {
  const theme = useTheme();
  return (
    <Text inverse underline bold color={theme.accent}>
      {MARK_OPEN}
      {text}
      {MARK_CLOSE}
    </Text>
  );
}

/** Safe text with the matched phrases marked. `text` and `phrases` are already safe. */
function Highlighted({ text, phrases, dim }: { readonly text: string; readonly phrases: readonly string[]; readonly dim?: boolean }) {
  return (
    <Text dimColor={dim}>
      {segments(text, phrases).map((s, i) => (s.hit ? <Marked key={i} text={s.text} /> : <Text key={i}>{s.text}</Text>))}
    </Text>
  );
}

const placeOf = (m: number | string | undefined): string => (m === undefined ? '' : typeof m === 'number' ? ` in message ${m}` : ` in ${m}`);

function fieldReasons(rs: readonly FieldReason[] | undefined): string {
  if (!rs?.length) return '';
  return rs
    .map((r) => `${r.id}${r.text ? ` "${oneLine(r.text)}"` : ''}${placeOf(r.message)}${r.description ? ` — ${oneLine(r.description)}` : ''}`)
    .join('; ');
}

const PART_NOTE: Record<string, string> = {
  quote: 'quoted earlier message, not read',
  signature: 'signature, not read',
  footer: 'footer, not read',
  forwarded: 'forwarded, read at half weight',
};

function Thread({ e }: { readonly e: Explanation }) {
  const theme = useTheme();
  return (
    <Section title={`Thread (${num(e.thread.length)} ${e.thread.length === 1 ? 'message' : 'messages'})`}>
      {e.thread.map((m) => {
        const phrases = m.matches.map((p) => block(p));
        const badges = [m.internal ? 'INTERNAL NOTE' : '', m.auto_reply ? 'AUTO-REPLY' : ''].filter(Boolean);
        const note = m.internal || m.auto_reply ? 'not classified' : !m.read ? 'not read' : '';
        return (
          <Box key={m.index} flexDirection="column" marginTop={1}>
            <Text wrap="truncate-end">
              <Text bold>[{m.index}] {m.role}</Text>
              {m.author ? ` · ${oneLine(m.author, 40)}` : ''}
              {m.at ? ` · ${shortTime(m.at)}` : ''}
              {badges.map((b) => (
                <Text key={b}>
                  {' · '}
                  <Text inverse color={theme.warning}>
                    {b}
                  </Text>
                </Text>
              ))}
              {note ? <Text dimColor> ({note})</Text> : null}
            </Text>
            <Box flexDirection="column" paddingLeft={4}>
              {m.parts.length === 0 ? <Text dimColor>(empty)</Text> : null}
              {m.parts.map((p, i) => {
                const text = block(p.text);
                const read = m.read && (p.kind === 'text' || p.kind === 'forwarded');
                if (p.kind === 'text' && read) return <Highlighted key={i} text={text} phrases={phrases} />;
                return (
                  <Box key={i} flexDirection="column">
                    {p.kind !== 'text' ? <Text dimColor>[{PART_NOTE[p.kind] ?? `${oneLine(p.kind)}, not read`}]</Text> : null}
                    <Box borderStyle="single" borderTop={false} borderRight={false} borderBottom={false} borderDimColor paddingLeft={1}>
                      {read ? <Highlighted text={text} phrases={phrases} /> : <Text dimColor>{text}</Text>}
                    </Box>
                  </Box>
                );
              })}
            </Box>
          </Box>
        );
      })}
    </Section>
  );
}

export function ConversationView({ explanation: e, position, count, width }: ConversationViewProps) {
  const theme = useTheme();
  const r = e.record;
  const where = (place: string): string[] => r.reasons.flatMap((x) => (x.source === 'rule' && x.message === place ? [oneLine(x.text)] : []));
  const barWidth = Math.max(10, Math.min(30, width - 30));
  const rules = r.reasons.filter((x) => x.source === 'rule');
  const terms = r.reasons.flatMap((x) => (x.source === 'lexical' ? [x] : []));
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>Conversation {oneLine(r.id, 40)}</Text>
        {position >= 0 ? ` · ${num(position + 1)} of ${num(count)} in the queue` : ' · not in the filtered queue'}
        {` · ${oneLine(r.source.file)}:${r.source.line} · ${oneLine(r.layout, 30)} · started by ${r.initiator}`}
      </Text>
      <Box>
        <Text>Subject: </Text>
        {r.subject ? <Highlighted text={oneLine(r.subject)} phrases={where('subject')} /> : <Text>(none)</Text>}
      </Box>
      {r.text !== 'full' ? <Text color={theme.warning}>Text: {r.text} — only part of the conversation was in the input</Text> : null}
      <Box marginTop={1}>
        <Text>
          Label{' '}
          <Text bold inverse color={theme.label[r.label]}>
            {` ${r.label.toUpperCase()} `}
          </Text>{' '}
          confidence {r.confidence.toFixed(2)}
          {r.needs_review ? <Text color={theme.warning}> · NEEDS REVIEW</Text> : ''}
          {' · priority '}
          <Text bold color={r.priority ? theme.priority[r.priority] : undefined}>
            {r.priority ?? '—'}
          </Text>
          {r.churn_risk ? <Text color={theme.danger}> · CHURN RISK</Text> : ''}
        </Text>
      </Box>
      <Section title="Scores">
        {LABELS.map((l) => (
          <Box key={l} paddingLeft={2}>
            <Box width={KEY - 2} flexShrink={0}>
              <Text color={theme.label[l]} bold={l === r.label}>
                {l === r.label ? `${l} ◂` : l}
              </Text>
            </Box>
            <Text color={theme.label[l]}>{bar(r.scores[l], barWidth)}</Text>
            <Text> {r.scores[l].toFixed(3)}</Text>
          </Box>
        ))}
        <Box paddingLeft={2}>
          <Text>
            Runner-up {r.runner_up.label} ({r.runner_up.score.toFixed(3)}): {oneLine(r.runner_up.why)}
          </Text>
        </Box>
        {r.review_reasons?.length ? (
          <Box paddingLeft={2}>
            <Text color={theme.warning}>Review: {r.review_reasons.map((x) => oneLine(x)).join('; ')}</Text>
          </Box>
        ) : null}
      </Section>
      <Section title="Reasons">
        {rules.length === 0 ? (
          <Box paddingLeft={2}>
            <Text>no rule matched</Text>
          </Box>
        ) : null}
        {r.reasons.map((x, i) => {
          if (x.source === 'rule')
            return (
              <Evidence key={i} kind="rule" id={x.id} label={x.label} amount={x.weight}>
                <Marked text={oneLine(x.text)} />
                {placeOf(x.message)}
              </Evidence>
            );
          if (x.source === 'tiebreak')
            return (
              <Evidence key={i} kind="tie-break" id={x.id} label={x.label} amount={x.boost}>
                {oneLine(x.description)}
              </Evidence>
            );
          if (x.source === 'structure')
            return (
              <Evidence key={i} kind="structure" id={x.id} label={x.label} amount={x.weight}>
                {oneLine(x.description)}
              </Evidence>
            );
          if (x.source === 'coverage')
            return (
              <Box key={i} paddingLeft={2}>
                <Text>{oneLine(x.description)}</Text>
              </Box>
            );
          return null;
        })}
        {terms.length ? (
          <Box paddingLeft={2}>
            <Text>
              lexical model → {r.label}: {terms.map((t) => `${oneLine(t.term, 30)} +${t.weight}`).join(', ')}
            </Text>
          </Box>
        ) : null}
      </Section>
      <Section title="Triage">
        <Field name="priority">
          <Text>
            <Text bold>{r.priority ?? '—'}</Text> {fieldReasons(r.field_reasons?.priority)}
          </Text>
        </Field>
        <Field name="sentiment">
          <Text>
            <Text bold>{r.sentiment ?? 'not judged'}</Text> {fieldReasons(r.field_reasons?.sentiment)}
          </Text>
        </Field>
        <Field name="churn risk">
          <Text>
            <Text bold>{r.churn_risk ? 'yes' : 'no'}</Text> {fieldReasons(r.field_reasons?.churn_risk)}
          </Text>
        </Field>
        <Field name="language">
          <Text>
            <Text bold>{oneLine(r.language ?? '—', 10)}</Text> {fieldReasons(r.field_reasons?.language)}
          </Text>
        </Field>
      </Section>
      <Thread e={e} />
    </Box>
  );
}
