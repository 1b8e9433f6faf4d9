// `npm start`, step 1: are PostgreSQL and NATS answering? Checked before the build so that a
// missing dependency is reported in seconds, with the URL and the command that starts it.
import { Socket } from 'node:net';

const TIMEOUT_MS = 3000;
const checks = [
  {
    what: 'PostgreSQL',
    url: process.env.DATABASE_URL ?? 'postgres://tf_app:tf_app@127.0.0.1:5432/techfinance',
    defaultPort: 5432,
    howToStart:
      'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)',
  },
  {
    what: 'NATS',
    url: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0],
    defaultPort: 4222,
    howToStart:
      'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log   (or: docker compose up -d nats)',
  },
];

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

const results = await Promise.all(
  checks.map(async (check) => {
    const url = new URL(check.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || check.defaultPort);
    return { ...check, host, port, ok: await reachable(host, port) };
  }),
);

const down = results.filter((r) => !r.ok);
for (const r of down) {
  const shown = new URL(r.url);
  shown.password = shown.password ? '***' : '';
  console.error(
    `${r.what} is not reachable at ${shown.toString()} (${r.host}:${r.port}).\n  Start it with: ${r.howToStart}\n`,
  );
}
process.exit(down.length > 0 ? 1 : 0);
