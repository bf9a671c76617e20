import { defineConfig } from 'vitest/config';

// Test tiers, each runnable alone with `vitest run --project <name>`:
// - unit:        *.test.ts next to the code, no external process, no network beyond loopback.
// - integration: *.int.test.ts, real kubectl against a real in-process cluster, real SQLite files.
// - course:      exercises/**/*.course.test.ts, every exercise proven (start fails, solution passes).
// - docker:      *.docker.test.ts, needs a Docker daemon (skips locally without one; REQUIRE_DOCKER=1 fails instead).
// - e2e:         *.e2e.test.ts, Playwright + Debian chromium (skips without a browser; REQUIRE_BROWSER=1 fails instead).
const exclude = ['**/node_modules/**', '**/dist/**', '**/.astro/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [
            ...exclude,
            '**/*.int.test.ts',
            '**/*.docker.test.ts',
            '**/*.e2e.test.ts',
            '**/*.course.test.ts',
          ],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'course',
          include: ['**/*.course.test.ts'],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['**/*.docker.test.ts'],
          exclude,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
