/**
 * The root the CLI renders: the progress view while the input is read and
 * classified, then the dashboard with the finished data.
 */
import { useApp, useInput } from 'ink';
import { Dashboard } from './Dashboard.js';
import type { DashboardData } from './model.js';
import { Progress, type ProgressInfo } from './Progress.js';
import { type Theme, ThemeContext } from './theme.js';

export interface AppProps {
  readonly theme: Theme;
  readonly progress: ProgressInfo;
  /** Null while loading. */
  readonly data: DashboardData | null;
}

function Loading({ progress }: { readonly progress: ProgressInfo }) {
  const { exit } = useApp();
  useInput((input, key) => {
    if (input === 'q' || key.escape) exit();
  });
  return <Progress {...progress} />;
}

export function App({ theme, progress, data }: AppProps) {
  return <ThemeContext.Provider value={theme}>{data ? <Dashboard data={data} /> : <Loading progress={progress} />}</ThemeContext.Provider>;
}
