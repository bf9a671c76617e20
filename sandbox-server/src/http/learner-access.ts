/**
 * learnerAccess gives the learner routes their two guards: `owned` (the caller's cookie owns the sandbox
 * of the path, else 401/403/404) and `limit` (the learner's request rate).
 */
import type { Context } from 'hono';
import { messages } from '../messages';
import type { SandboxRecord } from '../sandboxes/manager';
import { ApiError } from './api-error';
import type { PlatformServices } from './services';

export function learnerAccess(services: PlatformServices) {
  const limit = (learnerId: string): void => {
    const taken = services.limiter.take(`learner:${learnerId}`);
    if (!taken.allowed) {
      services.metrics.refusals.inc({ limit: 'rate' });
      throw new ApiError(429, 'rate_limited', messages.rateLimited(), {
        'Retry-After': String(taken.retryAfterSeconds),
      });
    }
  };
  /** owned returns the sandbox of the path when the caller's cookie owns it; throws otherwise. */
  const owned = async (c: Context, id: string): Promise<SandboxRecord> => {
    const learnerId = await services.identity.current(c);
    if (!learnerId) throw new ApiError(401, 'no_learner', messages.noLearner());
    limit(learnerId);
    const sandbox = await services.sandboxes.get(id);
    if (!sandbox) throw new ApiError(404, 'sandbox_not_found', messages.sandboxNotFound());
    if (sandbox.learnerId !== learnerId) throw new ApiError(403, 'forbidden', messages.sandboxForbidden());
    return sandbox;
  };
  return { owned, limit };
}
