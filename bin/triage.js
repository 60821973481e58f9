#!/usr/bin/env node
// Entry point: hands argv to main() and sets the exit code. Runs the compiled
// dist/ (built by `npm ci` / `npm run build`), so it works from any directory
// and through npm link / npx.
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
    process.stderr.write('triage: the package is not built; run `npm run build` (npm ci does it) in the convo-triage folder\n');
    process.exitCode = 2;
  } else {
    throw err;
  }
}
if (main) process.exitCode = await main(process.argv.slice(2));
