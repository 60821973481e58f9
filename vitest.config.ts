import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Pin what changes output between machines: colours, CI mode, terminal width.
    env: { FORCE_COLOR: '0', NO_COLOR: '1', COLUMNS: '100' },
    pool: 'forks',
  },
});
