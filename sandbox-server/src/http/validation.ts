/**
 * validationHook turns a zod validation failure of a request into a French 400 ApiError naming the
 * offending fields.
 */
import { messages } from '../messages';
import { ApiError } from './api-error';

export function validationHook(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}): void {
  if (result.success || !result.error) return;
  const details = result.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || 'corps'} : ${issue.message}`)
    .join(' ; ');
  throw new ApiError(400, 'invalid_request', messages.invalidRequest(details));
}
