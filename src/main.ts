// Entry point of the `duotrack` command (bin/duotrack.js) and of `npm start`.
import { run } from './cli.js';

process.exitCode = await run(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  env: process.env,
});
