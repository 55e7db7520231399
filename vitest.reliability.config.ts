// `npm run test:reliability`: the server as a real process under load, killed, drained, with its
// database stopped and its spool refused; and two of them behind Caddy with on-demand TLS
// (test/deploy/caddy-tls.test.ts). About two minutes, run one file at a time, after the main suite
// in `npm test` (and so in CI).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts', 'test/deploy/caddy-tls.test.ts'],
    pool: 'forks',
    fileParallelism: false, // the scenarios measure a loaded machine: one at a time
    testTimeout: 150_000,
    hookTimeout: 60_000,
    globalSetup: ['test/reliability/global-setup.ts'],
  },
});
