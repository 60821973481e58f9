/** The help overlay (`?`): every key, by screen. */
import { Box, Text } from 'ink';

export const KEYS: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  [
    'Everywhere',
    [
      ['Tab / Shift+Tab', 'next / previous screen'],
      ['q / Esc', 'back: conversation → queue → overview → quit'],
      ['?', 'this help'],
      ['/', 'search subject and text (Enter apply, Esc cancel)'],
      ['l p n', 'filter label / priority / language: next value, then any'],
      ['r c', 'only needs review / only churn risk (toggle)'],
      ['x', 'clear filters and search'],
      ['Ctrl+C', 'quit at once'],
    ],
  ],
  [
    'Queue',
    [
      ['↑ ↓ / k j', 'move'],
      ['PgUp PgDn / Space', 'page'],
      ['g G / Home End', 'first / last'],
      ['Enter', 'open the conversation'],
      ['C R columns', 'C churn risk, R needs review'],
    ],
  ],
  [
    'Overview, conversation',
    [
      ['↑ ↓ / k j, PgUp PgDn', 'scroll'],
      ['g G', 'top / bottom'],
      ['← → / [ ]', 'previous / next conversation of the queue'],
      ['«words»', 'the words a rule matched'],
    ],
  ],
];

/** Lines the help needs with a blank line between groups; with less room the groups close up. */
const ROOMY = KEYS.reduce((n, [, keys]) => n + 2 + keys.length, 0);

export function Help({ width, height }: { readonly width: number; readonly height: number }) {
  const roomy = height >= ROOMY;
  return (
    <Box flexDirection="column" paddingX={1} width={Math.min(width, 90)}>
      {KEYS.map(([group, keys], i) => (
        <Box key={group} flexDirection="column" marginTop={roomy && i > 0 ? 1 : 0}>
          <Text bold underline>
            {group}
          </Text>
          {keys.map(([k, what]) => (
            <Box key={k}>
              <Box width={22} flexShrink={0}>
                <Text bold>{k}</Text>
              </Box>
              <Box flexShrink={1}>
                <Text wrap="truncate-end">{what}</Text>
              </Box>
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}
