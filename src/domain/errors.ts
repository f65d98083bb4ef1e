// What the domain code (writes, queries, imports) can refuse, independent of
// any transport: a closed list of codes, the fields at fault, and for a merged
// entry the survivor. The HTTP layer (src/http/problems.ts) maps each code to
// a status and an application/problem+json body; the CLIs print them.

export const domainErrorCodes = [
  'invalid_parameters',
  'not_found',
  'gone',
  'conflict',
  'precondition_failed',
  'precondition_required',
  'unprocessable',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** Where a bad value was found and what is wrong with it. */
export interface FieldError {
  /** `query`, `path`, `body`, `header` or `row`. */
  in: string;
  /** The parameter name, or a JSON pointer into the body. */
  name: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly errors: FieldError[] | undefined;
  /** For an entry merged into another: the kind and id of the survivor. */
  readonly mergedInto: { kind: string; id: string } | undefined;
  /** In a batch of writes, the index of the operation refused. */
  op: number | undefined;

  constructor(
    code: DomainErrorCode,
    detail: string,
    options: { errors?: FieldError[]; mergedInto?: { kind: string; id: string } } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.errors = options.errors;
    this.mergedInto = options.mergedInto;
  }
}

/** Bad query parameters, each named. */
export function invalidParameters(errors: FieldError[]): DomainError {
  const names = [...new Set(errors.map((e) => e.name))];
  const detail = `Invalid ${names.length > 1 ? 'parameters' : 'parameter'}: ${names.join(', ')}.`;
  return new DomainError('invalid_parameters', detail, { errors });
}

export function notFound(kind: string, id: string): DomainError {
  return new DomainError('not_found', `No ${kind} has the id '${id}'.`);
}

/**
 * A 422-like refusal naming each field at fault. The detail reads `commune: no commune is named 'X'`: the name
 * once, then its message, which never repeats it.
 */
export function unprocessable(errors: FieldError[]): DomainError {
  return new DomainError('unprocessable', errors.map((e) => `${e.name}: ${e.message}`).join('; '), { errors });
}

/**
 * The service cannot answer now, through no fault of the request: a server down or frozen, a queue full. The
 * request may be sent again after `retryAfterSeconds` (HTTP: 503 with Retry-After).
 */
export class UnavailableError extends Error {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
    this.name = 'UnavailableError';
  }
}
