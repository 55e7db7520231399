import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // `npm run test:reliability`, run after this by `npm test`: the built server as real processes
    exclude: ['**/node_modules/**', 'test/reliability/**', 'test/deploy/caddy-tls.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
