// One closed list of error codes, one error class. The error handler turns
// them into RFC 9457 application/problem+json bodies.

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
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** Where a bad value was found and what is wrong with it. */
export interface FieldError {
  /** `query`, `path`, `body` or `header`. */
  in: string;
  /** The parameter name, or a JSON pointer into the body. */
  name: string;
  message: string;
}

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

export function invalidParameters(errors: FieldError[]): AppError {
  const names = [...new Set(errors.map((e) => e.name))];
  const detail = `Invalid ${names.length > 1 ? 'parameters' : 'parameter'}: ${names.join(', ')}.`;
  return new AppError('invalid_parameters', detail, { errors });
}

export function notFound(kind: string, id: string): AppError {
  return new AppError('not_found', `No ${kind} has the id '${id}'.`);
}

export const problemContentType = 'application/problem+json';

/** Problem types are relative URIs; README lists them. */
export const problemTypeBase = '/problems/';
