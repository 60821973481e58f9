/**
 * Queue: the conversations in triage order, one row each — priority, label and
 * confidence, language, sentiment, flags, subject — with the selected row's
 * reason underneath. Only the visible rows are rendered.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { num, oneLine, sentimentShort } from './format.js';
import type { DashboardItem } from './model.js';
import { useTheme } from './theme.js';

export interface QueueProps {
  readonly items: readonly DashboardItem[];
  /** Indexes into items of the rows that pass the filters. */
  readonly filtered: readonly number[];
  readonly cursor: number;
  readonly top: number;
  /** Rows of conversations that fit. */
  readonly rows: number;
  readonly width: number;
}

/** Lines the queue uses besides its rows: the column header and the detail line. */
export const QUEUE_CHROME = 2;

const COLS = { marker: 1, priority: 6, label: 7, conf: 4, lang: 4, sentiment: 4, flags: 2 } as const;

function Col({ width, children, grow, right }: { readonly width?: number; readonly children: ReactNode; readonly grow?: boolean; readonly right?: boolean }) {
  return (
    <Box width={width} flexGrow={grow ? 1 : 0} flexShrink={grow ? 1 : 0} justifyContent={right ? 'flex-end' : 'flex-start'} marginRight={grow ? 0 : 1}>
      <Text wrap="truncate-end">{children}</Text>
    </Box>
  );
}

function Header({ rankWidth }: { readonly rankWidth: number }) {
  return (
    <Box>
      <Col width={COLS.marker}> </Col>
      <Col width={rankWidth} right>
        #
      </Col>
      <Col width={COLS.priority}>prio</Col>
      <Col width={COLS.label}>label</Col>
      <Col width={COLS.conf}>conf</Col>
      <Col width={COLS.lang}>lang</Col>
      <Col width={COLS.sentiment}>sent</Col>
      <Col width={COLS.flags}>CR</Col>
      <Col grow>subject</Col>
    </Box>
  );
}

function Row({ item, rank, rankWidth, selected }: { readonly item: DashboardItem; readonly rank: number; readonly rankWidth: number; readonly selected: boolean }) {
  const theme = useTheme();
  const e = item.entry;
  // Flags in letters (C churn risk, R needs review): the help overlay and the detail line spell them out.
  const flags = `${e.churn_risk ? 'C' : '·'}${e.needs_review ? 'R' : '·'}`;
  return (
    <Box>
      <Col width={COLS.marker}>{selected ? '›' : ' '}</Col>
      <Col width={rankWidth} right>
        {String(rank)}
      </Col>
      <Col width={COLS.priority}>
        <Text color={theme.priority[e.priority]} bold={e.priority === 'urgent'} inverse={selected}>
          {e.priority}
        </Text>
      </Col>
      <Col width={COLS.label}>
        <Text color={theme.label[e.label]} inverse={selected}>
          {e.label}
        </Text>
      </Col>
      <Col width={COLS.conf}>
        <Text inverse={selected}>{e.confidence.toFixed(2)}</Text>
      </Col>
      <Col width={COLS.lang}>
        <Text inverse={selected}>{oneLine(e.language, COLS.lang)}</Text>
      </Col>
      <Col width={COLS.sentiment}>
        <Text color={e.sentiment === 'negative' ? theme.danger : undefined} inverse={selected}>
          {sentimentShort(e.sentiment)}
        </Text>
      </Col>
      <Col width={COLS.flags}>
        <Text color={e.churn_risk ? theme.danger : e.needs_review ? theme.warning : undefined} inverse={selected}>
          {flags}
        </Text>
      </Col>
      <Col grow>
        <Text inverse={selected}>{oneLine(e.subject || '(no subject)')}</Text>
      </Col>
    </Box>
  );
}

function Detail({ item, position, count }: { readonly item: DashboardItem | undefined; readonly position: number; readonly count: number }) {
  const theme = useTheme();
  if (!item) return <Text> </Text>;
  const e = item.entry;
  const flags = [e.churn_risk ? 'churn risk' : '', e.needs_review ? 'needs review' : ''].filter(Boolean).join(', ');
  return (
    <Text wrap="truncate-end" color={theme.muted}>
      {num(position + 1)}/{num(count)} · id {oneLine(e.id, 40)} · {flags ? `${flags} · ` : ''}
      {oneLine(e.why)}
    </Text>
  );
}

export function Queue({ items, filtered, cursor, top, rows, width }: QueueProps) {
  const visibleRows = filtered.slice(top, top + Math.max(0, rows));
  const rankWidth = Math.max(1, String(filtered.length).length);
  return (
    <Box flexDirection="column" width={width}>
      <Header rankWidth={rankWidth} />
      {filtered.length === 0 ? (
        <Box height={Math.max(1, rows)}>
          <Text>{items.length === 0 ? 'No classified conversations in the input.' : 'No conversation matches these filters (x clears them).'}</Text>
        </Box>
      ) : (
        <Box flexDirection="column" height={Math.max(1, rows)}>
          {visibleRows.map((idx, i) => (
            <Row key={idx} item={items[idx]!} rank={top + i + 1} rankWidth={rankWidth} selected={top + i === cursor} />
          ))}
        </Box>
      )}
      <Detail item={filtered[cursor] === undefined ? undefined : items[filtered[cursor]!]} position={cursor} count={filtered.length} />
    </Box>
  );
}
