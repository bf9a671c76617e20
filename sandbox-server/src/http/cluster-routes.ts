/**
 * The cluster map's live stream: `GET /api/sandboxes/{id}/cluster/events` sends `event: snapshot` (nodes,
 * pods with the scheduler's explanation, workloads, services, volumes) at connect and after every change of
 * the cluster (debounced), and `event: sandbox` on every state change of the sandbox. Built from the
 * cluster's API client and watches (ClusterChangeFeed), never from its storage.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { buildSnapshot } from '../cluster-view/snapshot';
import { Debounced } from '../cluster-view/debounce';
import { messages } from '../messages';
import { ApiError } from './api-error';
import { learnerAccess } from './learner-access';
import { sandboxView } from './sandbox-routes';
import { errorResponses, SandboxIdParams } from './schemas';
import type { PlatformServices } from './services';
import { eventStream } from './sse';
import { validationHook } from './validation';

/** SNAPSHOT_DEBOUNCE_MS groups a burst of changes (a rollout) into one snapshot. */
const SNAPSHOT_DEBOUNCE_MS = 250;
const PING_MS = 15_000;

const clusterEvents = createRoute({
  method: 'get',
  path: '/api/sandboxes/{id}/cluster/events',
  summary:
    'Carte du cluster en direct (server-sent events) : `event: snapshot` à la connexion et après chaque changement, `event: sandbox` à chaque changement d’état',
  request: { params: SandboxIdParams },
  responses: {
    200: { description: 'Flux text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses(401, 403, 404, 409, 429),
  },
});

export function clusterRoutes(services: PlatformServices): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { owned } = learnerAccess(services);

  app.openapi(clusterEvents, async (c) => {
    const sandbox = await owned(c, c.req.valid('param').id);
    const release = services.watchQuota.acquire(sandbox.id);
    if (!release) {
      services.metrics.refusals.inc({ limit: 'watches' });
      throw new ApiError(429, 'too_many_watches', messages.watchesExceeded(services.watchQuota.max));
    }
    try {
      await services.sandboxes.acquire(sandbox.id);
    } catch (err) {
      release();
      throw err;
    }
    return eventStream(c, { heartbeatMs: services.sseHeartbeatMs ?? PING_MS }, (send) => {
      const snapshot = new Debounced(SNAPSHOT_DEBOUNCE_MS, async () => {
        // The map never wakes a sleeping sandbox; it refreshes when the sandbox runs again.
        const cluster = services.sandboxes.running(sandbox.id);
        if (cluster) send('snapshot', await buildSnapshot(cluster));
      });
      const unsubscribe = services.feeds.subscribe(sandbox.id, {
        changed: () => snapshot.trigger(),
        sandbox: (event) => {
          void services.sandboxes.get(event.sandboxId).then(
            (record) => {
              if (record) send('sandbox', sandboxView(record));
            },
            // The stream stays open: the next change sends the state again.
            () => undefined,
          );
        },
      });
      void snapshot.now();
      return () => {
        snapshot.stop();
        unsubscribe();
        release();
      };
    });
  });

  return app;
}
