/**
 * The dashboard: tabs for the overview, the queue and one conversation, a filter
 * bar, a footer with the keys that matter here, and the help overlay. It owns the
 * UI state (a reducer) and the key handling; the screens only present data.
 */
import { Box, Text, useApp, useInput } from 'ink';
import type { Key } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { normalizeConversation } from '../core/normalize.js';
import { explanationOf } from '../report/explain.js';
import { ConversationView } from './ConversationView.js';
import { num, oneLine } from './format.js';
import { Help } from './Help.js';
import { type DashboardData, type Filters, filterItems, filtersActive, languagesOf } from './model.js';
import { Overview } from './Overview.js';
import { Queue, QUEUE_CHROME } from './Queue.js';
import { applyKey, follow, initialState, type KeyContext, type Screen, type UiState } from './state.js';
import { useTerminalSize } from './terminal.js';
import { useTheme } from './theme.js';
import { Viewport } from './Viewport.js';

export interface DashboardProps {
  readonly data: DashboardData;
  /** Start somewhere other than the overview (tests, or a caller that knows better). */
  readonly initial?: Partial<UiState>;
}

/** Smaller than this, the layout cannot work; say so instead of drawing garbage. */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 12;

const TAB_NAMES: Record<Screen, string> = { overview: 'Overview', queue: 'Queue', conversation: 'Conversation' };

function Tabs({ state, data, shown, width }: { readonly state: UiState; readonly data: DashboardData; readonly shown: number; readonly width: number }) {
  const theme = useTheme();
  const screens: Screen[] = state.open === null ? ['overview', 'queue'] : ['overview', 'queue', 'conversation'];
  const files = data.sources.map((f) => (f === '-' ? 'stdin' : f)).join(', ');
  return (
    <Box width={width}>
      <Box flexShrink={0}>
        <Text bold color={theme.accent}>
          triage{' '}
        </Text>
        {screens.map((s) => {
          const active = s === state.screen && !state.help;
          const name = s === 'queue' ? `${TAB_NAMES[s]} ${filtersActive(state.filters) ? `${num(shown)}/${num(data.items.length)}` : num(data.items.length)}` : TAB_NAMES[s];
          return (
            <Text key={s} inverse={active} bold={active}>
              {active ? `[${name}]` : ` ${name} `}
            </Text>
          );
        })}
        {state.help ? (
          <Text inverse bold>
            [Help]
          </Text>
        ) : null}
      </Box>
      <Box flexGrow={1} flexShrink={1} justifyContent="flex-end" marginLeft={1}>
        <Text wrap="truncate-start" dimColor>
          {oneLine(files)} · ? help
        </Text>
      </Box>
    </Box>
  );
}

/** Below this width only the active filters are listed (the keys are in the help and the footer). */
const FULL_FILTER_BAR = 96;

function FilterBar({ filters, width }: { readonly filters: Filters; readonly width: number }) {
  const theme = useTheme();
  const items: Array<[string, string, string | null]> = [
    ['l', 'label', filters.label],
    ['p', 'prio', filters.priority],
    ['n', 'lang', filters.language === null ? null : oneLine(filters.language, 8)],
    ['r', 'review', filters.review ? 'only' : null],
    ['c', 'churn', filters.churn ? 'only' : null],
    ['/', 'search', filters.query === '' ? null : `"${oneLine(filters.query, 30)}"`],
  ];
  const value = (v: string) => (
    <Text bold color={theme.accent}>
      {v}
    </Text>
  );
  if (width < FULL_FILTER_BAR) {
    const active = items.filter(([, , v]) => v !== null);
    return (
      <Box width={width}>
        <Text wrap="truncate-end">
          Filter:{' '}
          {active.length === 0 ? (
            <Text dimColor>none (l label · p prio · n lang · r review · c churn · / search)</Text>
          ) : (
            active.map(([k, name, v]) => (
              <Text key={k}>
                {name}:{value(v!)}
                {'  '}
              </Text>
            ))
          )}
          {active.length ? <Text dimColor>(x clears)</Text> : null}
        </Text>
      </Box>
    );
  }
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        {items.map(([k, name, v], i) => (
          <Text key={k}>
            <Text dimColor>[{k}]</Text>
            {name}:{v === null ? <Text dimColor>any</Text> : value(v)}
            {i < items.length - 1 ? '  ' : ''}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

const HINTS: Record<Screen, string> = {
  overview: 'Tab queue · ↑↓ scroll · l p n r c filter · / search · ? help · q quit',
  queue: '↑↓ move · Enter open · l p n r c filter · x clear · / search · ? help · q back',
  conversation: '↑↓ scroll · ←→ previous/next · Tab overview · ? help · q back',
};

function Footer({ state, width, position }: { readonly state: UiState; readonly width: number; readonly position: string }) {
  const theme = useTheme();
  if (state.searching) {
    return (
      <Box width={width}>
        <Text wrap="truncate-start">
          <Text bold color={theme.accent}>
            Search subject and text:{' '}
          </Text>
          {oneLine(state.draft)}
          <Text inverse> </Text>
          <Text dimColor> Enter apply · Esc cancel · empty Enter clears</Text>
        </Text>
      </Box>
    );
  }
  const hints = state.help ? '? / q / Esc close the help' : HINTS[state.screen];
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end" dimColor>
          {hints}
        </Text>
      </Box>
      {position ? (
        <Box flexShrink={0} marginLeft={1}>
          <Text>{position}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

export function Dashboard({ data, initial }: DashboardProps) {
  const { columns, rows } = useTerminalSize();
  const { exit } = useApp();
  const [overviewHeight, setOverviewHeight] = useState(0);
  const [conversationHeight, setConversationHeight] = useState(0);
  // The filtered queue of the last filters asked for (the reducer and the render ask for the same ones).
  const filterOf = useMemo(() => {
    let last: { filters: Filters; result: number[] } | null = null;
    return (filters: Filters): number[] => {
      if (last?.filters !== filters) last = { filters, result: filterItems(data.items, filters) };
      return last.result;
    };
  }, [data.items]);
  const languages = useMemo(() => languagesOf(data.items), [data.items]);
  const layout = (s: UiState) => {
    const screen: Screen = s.screen === 'conversation' && s.open === null ? 'queue' : s.screen;
    const bodyHeight = Math.max(1, Math.max(1, rows - 1) - 2 - (screen === 'queue' ? 1 : 0));
    const contentHeight = screen === 'conversation' ? conversationHeight : overviewHeight;
    return { screen, bodyHeight, queueRows: Math.max(1, bodyHeight - QUEUE_CHROME), scrollMax: Math.max(0, contentHeight - bodyHeight), contentHeight };
  };
  // Keys are reduced against the state they arrive in (see applyKey), with the current layout.
  const onKey = useCallback(
    (s: UiState, k: { input: string; key: Key }): UiState => {
      const ctxOf = (st: UiState): KeyContext => {
        const l = layout(st);
        return { filtered: filterOf(st.filters), rows: l.queueRows, page: l.bodyHeight, scrollMax: l.scrollMax, languages };
      };
      return applyKey({ ...s, screen: layout(s).screen }, k.input, k.key, ctxOf);
    },
    // layout() reads rows and the two measured heights.
    [filterOf, languages, rows, overviewHeight, conversationHeight],
  );
  const [state, dispatch] = useReducer(onKey, { ...initialState, ...initial });
  const filtered = filterOf(state.filters);
  const openItem = state.open === null ? undefined : data.items[state.open];
  const explanation = useMemo(() => (openItem ? explanationOf(openItem.record, normalizeConversation(openItem.conversation)) : null), [openItem]);

  // One line is left free below the dashboard so a full frame never scrolls the terminal.
  const height = Math.max(1, rows - 1);
  const width = columns;
  const { screen, bodyHeight, queueRows, scrollMax, contentHeight } = layout(state);
  const scroll = Math.min(screen === 'conversation' ? state.conversationScroll : state.overviewScroll, scrollMax);
  const cursor = Math.max(0, Math.min(state.cursor, filtered.length - 1));
  const top = follow(state.top, cursor, queueRows, filtered.length);

  useInput((input, key) => dispatch({ input, key }));
  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return (
      <Box width={width}>
        <Text wrap="wrap">
          The terminal is {columns}×{rows}; the dashboard needs at least {MIN_COLUMNS}×{MIN_ROWS}. Enlarge it, or press q to quit (--no-tui prints the summary).
        </Text>
      </Box>
    );
  }

  let position = '';
  if (!state.help && screen !== 'queue' && contentHeight > bodyHeight) {
    position = `${scroll + 1}–${Math.min(contentHeight, scroll + bodyHeight)}/${contentHeight}`;
  }

  let body;
  if (state.help) body = <Help width={width} height={bodyHeight} />;
  else if (screen === 'overview')
    body = (
      <Viewport height={bodyHeight} offset={scroll} onContentHeight={setOverviewHeight}>
        <Overview summary={data.summary} width={width} kept={data.items.length} dropped={data.dropped} notices={data.notices} />
      </Viewport>
    );
  else if (screen === 'queue') body = <Queue items={data.items} filtered={filtered} cursor={cursor} top={top} rows={queueRows} width={width} />;
  else
    body = (
      <Viewport height={bodyHeight} offset={scroll} onContentHeight={setConversationHeight}>
        <ConversationView explanation={explanation!} position={state.open === null ? -1 : filtered.indexOf(state.open)} count={filtered.length} width={width} />
      </Viewport>
    );

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Tabs state={{ ...state, screen }} data={data} shown={filtered.length} width={width} />
      {screen === 'queue' && !state.help ? <FilterBar filters={state.filters} width={width} /> : null}
      <Box height={bodyHeight} flexDirection="column" overflow="hidden">
        {body}
      </Box>
      <Footer state={state} width={width} position={position} />
    </Box>
  );
}
