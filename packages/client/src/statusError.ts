/**
 * statusError: turns a kube `Status` (an error response body or a watch ERROR event) back into
 * the `ApiError` catalogue class the server threw, so callers narrow with `instanceof`.
 *
 * Contract: the returned error always carries the wire `code`, `reason`, `message` and `details`
 * verbatim; the class is chosen by `reason` (NotFound, AlreadyExists, Conflict, Invalid,
 * Expired/Gone — refined to ResourceVersionTooOld or ContinueExpired by message —, BadRequest,
 * Forbidden, MethodNotAllowed, InternalError, Timeout, ...). An unknown reason, or a body that is
 * not a Status, gives a plain `ApiError` with the HTTP code and the reason kube uses for it.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (FromObject, NewGenericServerResponse)
 */
import {
  AlreadyExists, ApiError, BadRequest, Conflict, ContinueExpired, Expired, Forbidden,
  InternalError, Invalid, MethodNotSupported, NotAcceptable, NotFound, RequestEntityTooLarge,
  ResourceVersionTooOld, Timeout, UnsupportedMediaType, type GroupResource,
} from '@miniplane/api/errors';
import { FieldError, OMIT, type FieldErrorType } from '@miniplane/api/fieldError';
import { isPlainObject, type Status, type StatusCause, type StatusDetails } from '@miniplane/api/types';

export function isStatus(v: unknown): v is Status {
  return isPlainObject(v) && v.kind === 'Status' && typeof v.code === 'number';
}

/** The reason kube reports for a bare HTTP code (NewGenericServerResponse). */
export function reasonForCode(code: number): string {
  const byCode: Record<number, string> = {
    400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
    406: 'NotAcceptable', 409: 'Conflict', 410: 'Expired', 413: 'RequestEntityTooLarge',
    415: 'UnsupportedMediaType', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError',
    503: 'ServiceUnavailable', 504: 'Timeout',
  };
  return byCode[code] ?? 'Unknown';
}

/** Builds the catalogue error for a Status; `httpCode` is used when the body lacks a code. */
export function statusToError(status: Status, httpCode = status.code): ApiError {
  const code = status.code || httpCode;
  const reason = status.reason || reasonForCode(code);
  const message = status.message ?? `the server responded with the status code ${code} but did not return more information`;
  const d = status.details ?? {};
  return rewire(catalogue(reason, message, d) ?? new ApiError(code, reason, message), code, reason, message, status.details);
}

/** An error for a non-2xx response whose body is not a Status (a proxy page, plain text). */
export function responseError(code: number, body: string): ApiError {
  const text = body.trim() || `the server responded with the status code ${code} but did not return more information`;
  return new ApiError(code, reasonForCode(code), text);
}

function gr(d: StatusDetails): GroupResource {
  return { group: d.group ?? '', resource: d.kind ?? '' };
}

function catalogue(reason: string, message: string, d: StatusDetails): ApiError | undefined {
  const name = d.name ?? '';
  switch (reason) {
    case 'NotFound': return new NotFound(gr(d), name);
    case 'AlreadyExists': return new AlreadyExists(gr(d), name);
    case 'Conflict': return new Conflict(gr(d), name);
    case 'Invalid':
      return new Invalid({ group: d.group ?? '', kind: d.kind ?? '' }, name,
        (d.causes ?? []).map((c) => new WireFieldError(c)));
    case 'Expired':
    case 'Gone': return expired(message);
    case 'BadRequest': return new BadRequest(message);
    case 'Forbidden': return new Forbidden(gr(d), name, message);
    case 'MethodNotAllowed': return new MethodNotSupported(gr(d), '');
    case 'InternalError': return new InternalError(message);
    case 'Timeout': return new Timeout(message, d.retryAfterSeconds);
    case 'UnsupportedMediaType': return new UnsupportedMediaType('', []);
    case 'NotAcceptable': return new NotAcceptable([]);
    case 'RequestEntityTooLarge': return new RequestEntityTooLarge(0);
    default: return undefined;
  }
}

/** A field error as the server rendered it: `errorBody()` is the cause message verbatim. */
class WireFieldError extends FieldError {
  constructor(private readonly cause: StatusCause) {
    super((cause.reason ?? 'FieldValueInvalid') as FieldErrorType, cause.field ?? '', OMIT);
  }

  override errorBody(): string {
    return this.cause.message ?? '';
  }
}

function expired(message: string): Expired {
  const m = /^too old resource version: (\d+) \((\d+)\)/.exec(message);
  if (m) return new ResourceVersionTooOld(Number(m[1]), Number(m[2]));
  if (message.startsWith('The provided continue parameter is too old')) return new ContinueExpired();
  return new Expired(message);
}

/**
 * The catalogue constructors re-derive their message from their arguments; the wire text is the
 * truth, so it (and code/reason/details) is written back over the derived one.
 */
function rewire<E extends ApiError>(e: E, code: number, reason: string, message: string, details: StatusDetails | undefined): E {
  const w = e as { -readonly [K in 'code' | 'reason' | 'details']: ApiError[K] } & Error;
  w.code = code;
  w.reason = reason;
  w.message = message;
  w.details = details;
  return e;
}
