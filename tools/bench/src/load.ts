import autocannon from 'autocannon';
import { openLoop } from './open-loop';
import type { ScenarioData, Side } from './scenarios';
import type { Run } from './verdict';

/**
 * One load run against one side: at saturation, autocannon with `connections` in flight; at a
 * fixed offered rate (`rate` requests per second), the open-loop generator (open-loop.ts).
 */
export async function load(options: {
  url: string;
  side: Side;
  data: ScenarioData;
  connections: number;
  seconds: number;
  rate?: number;
  /** At a fixed rate only: a warm-up over the same connections first (open-loop.ts). */
  warmupSeconds?: number;
  onMeasuring?: () => void;
}): Promise<Run> {
  const { side, data, rate } = options;
  if (rate) return openLoop({ ...options, rate });
  let refused = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        // autocannon's request carries the host and defaults: ours is laid over it.
        setupRequest: (request, context) => {
          const ours = side.request(data, context as Record<string, unknown>);
          return { ...request, ...ours, headers: { ...request.headers, ...ours.headers } };
        },
        onResponse: (status, _body, context) => {
          if (side.refusals?.includes(status)) refused++;
          side.answered?.(status, context as Record<string, unknown>);
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx - refused + result.errors + result.timeouts,
    refused,
    count: result.requests.total,
  };
}
