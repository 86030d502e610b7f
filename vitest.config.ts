import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          root: './e2e',
          include: ['**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['./global-setup.ts'],
          // One server and one browser per file; files run one after another on this 2-core machine.
          fileParallelism: false,
          // A browser test that fails prints its page, requests and server log (support/browser.ts),
          // then runs once more: the report shows the failed try, and a second failure fails the run.
          retry: 1,
          testTimeout: 90_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
    ],
  },
});
