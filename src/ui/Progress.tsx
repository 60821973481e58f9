/** Shown while a large export is read and classified: count, rate, elapsed time. */
import { Box, Text } from 'ink';
import { duration, num, oneLine } from './format.js';
import { useTheme } from './theme.js';

export interface ProgressInfo {
  /** Conversations read and classified so far (error records included). */
  readonly count: number;
  readonly elapsedMs: number;
  readonly sources: readonly string[];
}

export function Progress({ count, elapsedMs, sources }: ProgressInfo) {
  const theme = useTheme();
  const rate = elapsedMs > 0 ? Math.round((count * 1000) / elapsedMs) : 0;
  const files = sources.map((f) => (f === '-' ? 'stdin' : oneLine(f, 60)));
  return (
    <Box flexDirection="column" paddingX={1} paddingY={1}>
      <Text bold color={theme.accent}>
        convo-triage · reading and classifying
      </Text>
      <Text wrap="truncate-end">{files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ')}</Text>
      <Box marginTop={1}>
        <Text>
          <Text bold>{num(count)}</Text> conversations · <Text bold>{num(rate)}</Text>/s · {duration(elapsedMs)}
        </Text>
      </Box>
      <Box marginTop={1}>
        <Text dimColor>The dashboard opens when the input is read. q stops.</Text>
      </Box>
    </Box>
  );
}
