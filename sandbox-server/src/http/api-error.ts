/**
 * ApiError is a refusal of the platform API: an HTTP status, a stable machine code and a French message
 * for the learner. app.ts turns it (and SandboxError) into `{ "error": code, "message": text }`.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
