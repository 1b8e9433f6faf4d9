import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLoop } from './open-loop';
import type { ScenarioData, Side } from './scenarios';

const data: ScenarioData = {
  apiKey: 'k',
  enterpriseIds: [],
  valuationIds: [],
  partnerId: 'p',
  guaranteeIds: [],
  pledgeValuationId: 'v',
  runTag: 't',
  analyst: { token: 't', userId: 'u' },
  loanIds: [],
  fundId: 'f',
};

/** A side that asks for / every time. */
const getRoot: Side = { request: () => ({ method: 'GET', path: '/' }) };

/** The server listening on a free port of this host, and its URL. */
async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server that answers with the status the path asks for, and notes when each request came. */
async function recordingServer(): Promise<{ server: Server; url: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  const server = createServer((request, response) => {
    arrivals.push(performance.now());
    response.statusCode = Number(request.url?.slice(1)) || 200;
    response.end('{}');
  });
  return { server, url: await listening(server), arrivals };
}

describe('the open-loop load at a fixed rate', () => {
  it('sends the requests spread over the run, not in a burst at the start of each second', async () => {
    const { server, url, arrivals } = await recordingServer();
    try {
      const run = await openLoop({
        url,
        data,
        side: { request: () => ({ method: 'GET', path: '/200' }) },
        connections: 16,
        seconds: 1,
        rate: 200,
      });
      expect(run).toMatchObject({ count: 200, errors: 0 });
      // autocannon's overallRate would have sent nearly all 200 within the first few
      // milliseconds; at a steady 200/s, the first half of the second sees about half.
      const firstHalf = arrivals.filter((t) => t - arrivals[0]! < 500).length;
      expect(firstHalf).toBeGreaterThan(60);
      expect(firstHalf).toBeLessThan(140);
    } finally {
      server.close();
    }
  });

  it('warms up over the connections it then measures on, and records only the measured part', async () => {
    const ports = new Set<number>();
    let arrivals = 0;
    let arrivedBeforeMeasuring = -1;
    const server = createServer((request, response) => {
      arrivals++;
      ports.add(request.socket.remotePort!);
      response.end('{}');
    });
    const url = await listening(server);
    try {
      const run = await openLoop({
        url,
        data,
        side: getRoot,
        connections: 2,
        warmupSeconds: 0.3,
        seconds: 0.3,
        rate: 100,
        onMeasuring: () => (arrivedBeforeMeasuring = arrivals),
      });
      // 30 warm-up requests, then 30 measured: only those count, on the same two sockets.
      expect(run).toMatchObject({ count: 30, errors: 0 });
      expect(arrivals).toBe(60);
      expect(ports.size).toBeLessThanOrEqual(2);
      expect(arrivedBeforeMeasuring).toBeGreaterThanOrEqual(10);
      expect(arrivedBeforeMeasuring).toBeLessThanOrEqual(30);
    } finally {
      server.close();
    }
  });

  it('counts every answer that is not 2xx as an error, and tells the side each status', async () => {
    const { server, url } = await recordingServer();
    const statuses: number[] = [];
    try {
      let i = 0;
      const run = await openLoop({
        url,
        data,
        side: {
          request: () => ({ method: 'GET', path: i++ % 2 ? '/409' : '/201' }),
          answered: (status) => statuses.push(status),
        },
        connections: 4,
        seconds: 0.5,
        rate: 40,
      });
      expect(run).toMatchObject({ count: 20, errors: 10 });
      expect(statuses.sort((a, b) => a - b)).toEqual([
        ...Array(10).fill(201),
        ...Array(10).fill(409),
      ]);
    } finally {
      server.close();
    }
  });

  it('names the request that waited longest and when it fell due: where a stall began', async () => {
    let started = 0;
    let stalled = false;
    const server = createServer((_request, response) => {
      started ||= performance.now();
      // Once, 0.5 s into the run, the server stops answering for 300 ms.
      if (!stalled && performance.now() - started > 500) {
        stalled = true;
        setTimeout(() => response.end('{}'), 300);
        return;
      }
      response.end('{}');
    });
    const url = await listening(server);
    try {
      const run = await openLoop({
        url,
        data,
        side: getRoot,
        connections: 1,
        seconds: 1,
        rate: 100,
      });
      expect(run.errors).toBe(0);
      // On one connection, every request due during the stall waits behind it: the first waits
      // longest, about the stall's length.
      expect(run.slowest?.ms).toBeGreaterThanOrEqual(280);
      expect(run.slowest?.ms).toBeLessThan(600);
      expect(run.slowest?.dueAfterSeconds).toBeGreaterThanOrEqual(0.4);
      expect(run.slowest?.dueAfterSeconds).toBeLessThanOrEqual(0.7);
    } finally {
      server.close();
    }
  });
});
