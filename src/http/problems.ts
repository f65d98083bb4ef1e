// Errors as HTTP sees them: one closed list of error codes, each with its
// status and title, for RFC 9457 application/problem+json bodies. Domain
// errors (src/domain/errors.ts) map onto the same codes.
import type { DomainError, DomainErrorCode, FieldError } from '../domain/errors.js';

export const errorCodes = {
  bad_request: { status: 400, title: 'Bad request' },
  invalid_parameters: { status: 400, title: 'Invalid parameters' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable content' },
  precondition_required: { status: 428, title: 'Precondition required' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal server error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<DomainErrorCode | string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** An error the HTTP layer raises itself (authentication, limits, outages), with its headers. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** A domain error as HTTP answers it; a merged entry's survivor goes in `Location`. */
export function fromDomainError(error: DomainError): AppError {
  const merged = error.mergedInto;
  return new AppError(error.code, error.message, {
    ...(error.errors ? { errors: error.errors } : {}),
    ...(merged ? { headers: { location: `/v1/${merged.kind}s/${merged.id}` } } : {}),
  });
}

export const problemContentType = 'application/problem+json';

/** Problem types are relative URIs; README lists them. */
export const problemTypeBase = '/problems/';
