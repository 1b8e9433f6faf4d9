// Loaded with `node -r` into a process the bench profiles (npm run bench -- --profile).
// SIGUSR2 starts the V8 CPU profiler; the next SIGUSR2 stops it and writes
// $BENCH_PROFILE_DIR/<BENCH_PROFILE_NAME>-<n>.cpuprofile, then "cpu profile written <file>" on
// stderr. In-process, because --cpu-prof writes only on a clean exit, and Nest re-raises the
// signal that stops a service; and so the profile covers the measured run, not start-up.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROFILE_NAME || String(process.pid);
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let count = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 200 }, () =>
          session.post('Profiler.start'),
        ),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return process.stderr.write(`cpu profile failed: ${error.message}\n`);
      const file = join(dir, `${name}-${++count}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
      process.stderr.write(`cpu profile written ${file}\n`);
    });
  });
}
