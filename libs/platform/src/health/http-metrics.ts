import type { FastifyInstance } from 'fastify';
import type { PlatformMetrics } from './platform-metrics';

/**
 * Times every HTTP request by route pattern (never the raw path: ids would explode the labels),
 * from Fastify's own clock, in its onResponse hook: no middleware layer on the request's way in.
 */
export function timeHttpRequests(http: FastifyInstance, metrics: PlatformMetrics): void {
  http.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
