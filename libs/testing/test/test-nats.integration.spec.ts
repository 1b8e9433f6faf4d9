import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { connect } from 'nats';
import { freePort, startRestartableNats, waitForOurServer } from '../src/test-nats';

describe("a test run's private nats-server", () => {
  it('is known by its name: a stranger answering on its port is not taken for it', async () => {
    const port = await freePort();
    // Another process took the port first and speaks NATS: its INFO names another server.
    const stranger: Server = createServer((socket) =>
      socket.end('INFO {"server_name":"someone-else"}\r\n'),
    );
    await new Promise<void>((resolve) => stranger.listen(port, '127.0.0.1', resolve));
    // Ours never binds (a process that only waits), as when its bind failed.
    const ours = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await expect(waitForOurServer(port, ours, 'tf-test-ours', 1_000)).rejects.toThrow(
        /did not answer/,
      );
      await new Promise<void>((resolve) =>
        ours.signalCode !== null ? resolve() : ours.once('exit', () => resolve()),
      );
      expect(ours.signalCode).toBe('SIGKILL');
    } finally {
      ours.kill('SIGKILL');
      await new Promise<void>((resolve) => stranger.close(() => resolve()));
    }
  });

  it('answers as itself, and again on the same port after a kill and a start', async () => {
    const nats = await startRestartableNats();
    try {
      const nameOf = async () => {
        const nc = await connect({ servers: nats.url });
        const name = nc.info?.server_name;
        await nc.close();
        return name;
      };
      const name = await nameOf();
      expect(name).toMatch(/^tf-test-[0-9a-f]{12}$/);
      await nats.kill();
      await nats.start();
      expect(await nameOf()).toBe(name);
    } finally {
      await nats.stop();
    }
  });

  it('chooses ports below the ephemeral range, where no outgoing connection takes them', async () => {
    const [ephemeralFrom] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(ephemeralFrom ?? 32_768);
    }
    // Free as it says: a server can listen on each.
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '0.0.0.0', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
