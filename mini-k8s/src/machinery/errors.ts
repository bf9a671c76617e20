/**
 * StatusError carries a metav1.Status failure through the API server, the way apimachinery's
 * StatusError does. Handlers throw it; the HTTP layer writes `toStatus()` with `code` as the HTTP status.
 */

/** StatusReason is metav1.StatusReason (the `reason` of a failure Status). */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  | '';

/** StatusCause is one metav1.StatusCause (e.g. a field error of an Invalid status). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** StatusDetails is metav1.StatusDetails. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** Status is the metav1.Status object as serialised on the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** GroupResource names a resource for messages: `pods`, `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** qualifiedResource renders a GroupResource as kubectl and the API server print it (`deployments.apps`). */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class StatusError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details?: StatusDetails;

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** toStatus returns the wire form of this error. */
  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

/** FieldError is one validation failure at a field path (apimachinery field.Error). */
export interface FieldError {
  /** Cause type: FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, FieldValueForbidden, FieldValueTooLong, FieldValueTypeInvalid. */
  type: string;
  /** Path such as `spec.containers[0].image`. */
  field: string;
  /** The complete message as Kubernetes prints it after `<field>: `, e.g. `Required value`. */
  detail: string;
}

/** Constructors for the common failures, with Kubernetes' exact message texts. */
export const errors = {
  notFound(gr: GroupResource, name: string): StatusError {
    return new StatusError(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  alreadyExists(gr: GroupResource, name: string): StatusError {
    return new StatusError(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  conflict(gr: GroupResource, name: string, why: string): StatusError {
    return new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`,
      { name, group: gr.group || undefined, kind: gr.resource },
    );
  },
  /** invalid builds the 422 Status: `The Deployment "web" is invalid: spec.selector: Required value`. */
  invalid(group: string, kind: string, name: string, fieldErrors: FieldError[]): StatusError {
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    const rendered = fieldErrors.map((e) => `${e.field}: ${e.detail}`);
    const summary = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
    return new StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, {
      name,
      group: group || undefined,
      kind,
      causes: fieldErrors.map((e) => ({ reason: e.type, message: e.detail, field: e.field })),
    });
  },
  badRequest(message: string): StatusError {
    return new StatusError(400, 'BadRequest', message);
  },
  forbidden(message: string): StatusError {
    return new StatusError(403, 'Forbidden', message);
  },
  unauthorized(message = 'Unauthorized'): StatusError {
    return new StatusError(401, 'Unauthorized', message);
  },
  methodNotAllowed(message: string): StatusError {
    return new StatusError(405, 'MethodNotAllowed', message);
  },
  notAcceptable(message: string): StatusError {
    return new StatusError(406, 'NotAcceptable', message);
  },
  unsupportedMediaType(contentType: string): StatusError {
    return new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${JSON.stringify(contentType)})`,
    );
  },
  tooLarge(message = 'Request entity too large: limit is 3145728'): StatusError {
    return new StatusError(413, 'RequestEntityTooLarge', message);
  },
  gone(message: string): StatusError {
    return new StatusError(410, 'Expired', message);
  },
  tooManyRequests(message: string, retryAfterSeconds?: number): StatusError {
    return new StatusError(
      429,
      'TooManyRequests',
      message,
      retryAfterSeconds ? { retryAfterSeconds } : undefined,
    );
  },
  serviceUnavailable(message: string): StatusError {
    return new StatusError(503, 'ServiceUnavailable', message);
  },
  internal(message: string): StatusError {
    return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`);
  },
  resourceNotFound(): StatusError {
    return new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  },
};

/** isStatusError tells whether a thrown value is a StatusError. */
export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}

/** isNotFound tells whether a thrown value is a 404 StatusError. */
export function isNotFound(err: unknown): boolean {
  return isStatusError(err) && err.code === 404;
}

/** isConflict tells whether a thrown value is a 409 Conflict (not AlreadyExists). */
export function isConflict(err: unknown): boolean {
  return isStatusError(err) && err.code === 409 && err.reason === 'Conflict';
}

/** isAlreadyExists tells whether a thrown value is a 409 AlreadyExists. */
export function isAlreadyExists(err: unknown): boolean {
  return isStatusError(err) && err.reason === 'AlreadyExists';
}
