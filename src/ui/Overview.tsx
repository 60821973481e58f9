/**
 * Overview: the run at a glance — totals, labels as bars, label × priority,
 * languages, sentiment and channels, the trend per label, top reasons, errors.
 * Shows the same counts as `triage summary --json`.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { LABELS, PRIORITIES } from '../core/types.js';
import { sparkline } from '../report/render-text.js';
import type { Summary } from '../report/summary.js';
import { bar, num, oneLine, pct } from './format.js';
import { useTheme } from './theme.js';

export interface OverviewProps {
  readonly summary: Summary;
  readonly width: number;
  /** Conversations the queue holds, and those left out of it by the memory cap. */
  readonly kept: number;
  readonly dropped: number;
  readonly notices: readonly string[];
}

/** Side by side from this width on; stacked below it. */
const WIDE = 110;
const NAME = 10;

function Cell({ width, children, bold }: { readonly width: number; readonly children: ReactNode; readonly bold?: boolean }) {
  return (
    <Box width={width} justifyContent="flex-end" flexShrink={0}>
      <Text bold={bold}>{children}</Text>
    </Box>
  );
}

function Heading({ children }: { readonly children: ReactNode }) {
  return (
    <Text bold underline>
      {children}
    </Text>
  );
}

function Stat({ name, value, colour }: { readonly name: string; readonly value: string; readonly colour?: string | undefined }) {
  return (
    <Box marginRight={3} flexShrink={0}>
      <Text>
        {name} <Text bold color={colour}>{value}</Text>
      </Text>
    </Box>
  );
}

/** A row "name: a 1 · b 2 · …" that wraps under its value column. */
function Counts({ name, counts }: { readonly name: string; readonly counts: Readonly<Record<string, number>> }) {
  const shown = Object.entries(counts).filter(([, n]) => n > 0);
  return (
    <Box>
      <Box width={NAME + 1} flexShrink={0}>
        <Text bold>{name}</Text>
      </Box>
      <Box flexGrow={1}>
        <Text>{shown.length ? shown.map(([k, n]) => `${oneLine(k, 24)} ${num(n)}`).join(' · ') : '—'}</Text>
      </Box>
    </Box>
  );
}

function LabelBars({ summary, width }: { readonly summary: Summary; readonly width: number }) {
  const theme = useTheme();
  const barWidth = Math.max(8, Math.min(40, width - NAME - 16));
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      <Heading>Labels</Heading>
      {LABELS.map((l) => (
        <Box key={l}>
          <Box width={NAME} flexShrink={0}>
            <Text color={theme.label[l]}>{l}</Text>
          </Box>
          <Text color={theme.label[l]}>{bar(summary.classified ? summary.labels[l] / summary.classified : 0, barWidth)}</Text>
          <Cell width={7}>{num(summary.labels[l])}</Cell>
          <Cell width={8}>{pct(summary.labels[l], summary.classified)}</Cell>
        </Box>
      ))}
    </Box>
  );
}

function Matrix({ summary }: { readonly summary: Summary }) {
  const theme = useTheme();
  const w = 8;
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Heading>Label × priority</Heading>
      <Box>
        <Box width={NAME} flexShrink={0} />
        {PRIORITIES.map((p) => (
          <Cell key={p} width={w}>
            <Text color={theme.priority[p]}>{p}</Text>
          </Cell>
        ))}
        <Cell width={w}>total</Cell>
      </Box>
      {LABELS.map((l) => (
        <Box key={l}>
          <Box width={NAME} flexShrink={0}>
            <Text color={theme.label[l]}>{l}</Text>
          </Box>
          {PRIORITIES.map((p) => (
            <Cell key={p} width={w}>
              {num(summary.label_priority[l][p])}
            </Cell>
          ))}
          <Cell width={w}>{num(summary.labels[l])}</Cell>
        </Box>
      ))}
      <Box>
        <Box width={NAME} flexShrink={0}>
          <Text bold>total</Text>
        </Box>
        {PRIORITIES.map((p) => (
          <Cell key={p} width={w} bold>
            {num(summary.priority[p])}
          </Cell>
        ))}
        <Cell width={w} bold>
          {num(summary.classified)}
        </Cell>
      </Box>
    </Box>
  );
}

function Trend({ summary, width }: { readonly summary: Summary; readonly width: number }) {
  const theme = useTheme();
  const { periods, granularity } = summary.trend;
  if (!periods.length) return <Text>Trend: no dates in the input</Text>;
  const shown = periods.slice(-Math.max(1, width - NAME - 12));
  return (
    <Box flexDirection="column">
      <Heading>
        Trend by {granularity} ({shown[0]!.period} … {shown[shown.length - 1]!.period})
      </Heading>
      {LABELS.map((l) => {
        const values = shown.map((p) => p[l]);
        return (
          <Box key={l}>
            <Box width={NAME} flexShrink={0}>
              <Text color={theme.label[l]}>{l}</Text>
            </Box>
            <Text color={theme.label[l]}>{sparkline(values)}</Text>
            <Text> max {num(Math.max(0, ...values))}</Text>
          </Box>
        );
      })}
    </Box>
  );
}

function TopReasons({ summary }: { readonly summary: Summary }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Heading>Top reasons</Heading>
      {LABELS.map((l) => (
        <Box key={l}>
          <Box width={NAME} flexShrink={0}>
            <Text color={theme.label[l]}>{l}</Text>
          </Box>
          <Box flexGrow={1}>
            <Text wrap="truncate-end">
              {summary.top_reasons[l].length
                ? summary.top_reasons[l]
                    .slice(0, 6)
                    .map((r) => `${oneLine(r.reason, 40)} ${num(r.count)}`)
                    .join(' · ')
                : '—'}
            </Text>
          </Box>
        </Box>
      ))}
    </Box>
  );
}

export function Overview({ summary: s, width, kept, dropped, notices }: OverviewProps) {
  const theme = useTheme();
  const wide = width >= WIDE;
  return (
    <Box flexDirection="column" width={width}>
      {dropped > 0 ? (
        <Text color={theme.warning}>
          ! The queue holds the {num(kept)} most urgent conversations; {num(dropped)} more were left out to bound memory. All counts cover every conversation.
        </Text>
      ) : null}
      {notices.map((n, i) => (
        <Text key={i} color={theme.warning} wrap="truncate-end">
          ! {oneLine(n)}
        </Text>
      ))}
      <Box flexWrap="wrap">
        <Stat name="Conversations" value={num(s.total)} />
        <Stat name="classified" value={num(s.classified)} />
        <Stat name="errors" value={num(s.errors)} colour={s.errors ? theme.danger : undefined} />
        <Stat name="needs review" value={`${num(s.needs_review)} (${pct(s.needs_review, s.classified)})`} colour={s.needs_review ? theme.warning : undefined} />
        <Stat name="churn risk" value={num(s.churn_risk)} colour={s.churn_risk ? theme.danger : undefined} />
      </Box>
      <Box flexDirection={wide ? 'row' : 'column'} marginTop={1}>
        <LabelBars summary={s} width={wide ? Math.min(60, width - 52) : Math.min(width, 72)} />
        <Box marginLeft={wide ? 3 : 0} marginTop={wide ? 0 : 1}>
          <Matrix summary={s} />
        </Box>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Counts name="Languages" counts={s.languages} />
        <Counts name="Sentiment" counts={s.sentiment} />
        <Counts name="Channels" counts={s.channels} />
      </Box>
      <Box marginTop={1}>
        <Trend summary={s} width={width} />
      </Box>
      <Box marginTop={1}>
        <TopReasons summary={s} />
      </Box>
      {s.first_errors.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Heading>First errors ({num(s.errors)})</Heading>
          {s.first_errors.map((e, i) => (
            <Text key={i} wrap="truncate-end">
              {oneLine(`${e.file}:${e.line}  ${e.id ?? '(no id)'}  ${e.error}`)}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
