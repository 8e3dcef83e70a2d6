/**
 * The error catalogue: every failure the API can answer, as a class carrying its kube `Status`.
 *
 * Contract: each class has a stable `reason` and HTTP `code`, and `toStatus()` renders the body
 * exactly as kube-apiserver words it. Code elsewhere throws these, never ad-hoc strings; the HTTP
 * layer maps any `ApiError` to its Status, and anything else to a 500 InternalError.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go
 */
import type { Status, StatusDetails } from './types.js';
import type { FieldError } from './fieldError.js';

export interface GroupResource {
  group: string;
  resource: string;
}

/** `services` for core, `endpointslices.discovery.k8s.io` otherwise (GroupResource.String()). */
export function groupResourceString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toStatus(): Status {
    // kube's field order (metav1.Status): ..., message, reason, details, code.
    const s = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message } as Status;
    if (this.reason) s.reason = this.reason;
    if (this.details) s.details = this.details;
    s.code = this.code;
    return s;
  }
}

/** kube's StatusDetails of a GroupResource and name: every field omitted when empty (omitempty). */
function grDetails(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (gr.group) d.group = gr.group;
  if (gr.resource) d.kind = gr.resource;
  return d;
}

export class NotFound extends ApiError {
  constructor(readonly gr: GroupResource, readonly objectName: string) {
    super(404, 'NotFound', `${groupResourceString(gr)} "${objectName}" not found`, grDetails(gr, objectName));
  }
}

/** A 404 for a URL that names no served resource (kube answers the same generic text). */
export class PathNotFound extends ApiError {
  constructor() {
    super(404, 'NotFound', 'the server could not find the requested resource', { });
  }
}

export class AlreadyExists extends ApiError {
  constructor(readonly gr: GroupResource, readonly objectName: string, generated = false) {
    super(
      409,
      'AlreadyExists',
      `${groupResourceString(gr)} "${objectName}" already exists` +
        (generated ? ', the server was not able to generate a unique name for the object' : ''),
      grDetails(gr, objectName),
    );
  }
}

export class Conflict extends ApiError {
  constructor(readonly gr: GroupResource, readonly objectName: string, detail = 'the object has been modified; please apply your changes to the latest version and try again') {
    super(409, 'Conflict', `Operation cannot be fulfilled on ${groupResourceString(gr)} "${objectName}": ${detail}`, grDetails(gr, objectName));
  }
}

export interface GroupKind {
  group: string;
  kind: string;
}

export class Invalid extends ApiError {
  constructor(readonly gk: GroupKind, readonly objectName: string, readonly errors: FieldError[]) {
    const qualified = gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
    const joined = errors.length === 1 ? errors[0]!.toString() : `[${errors.map((e) => e.toString()).join(', ')}]`;
    const details: StatusDetails = { name: objectName };
    if (gk.group) details.group = gk.group;
    details.kind = gk.kind;
    details.causes = errors.map((e) => ({ reason: e.type, message: e.errorBody(), field: e.field }));
    super(422, 'Invalid', `${qualified} "${objectName}" is invalid: ${joined}`, details);
  }
}

export class BadRequest extends ApiError {
  constructor(message: string) {
    super(400, 'BadRequest', message);
  }
}

export class Expired extends ApiError {
  constructor(message: string) {
    super(410, 'Expired', message);
  }
}

/** The 410 for a continue token whose snapshot was compacted (etcd3/errors.go wording). */
export class ContinueExpired extends Expired {
  constructor() {
    super('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
  }
}

/** The 410 a watch gets when its resourceVersion was compacted (cacher wording). */
export class ResourceVersionTooOld extends Expired {
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

export class UnsupportedMediaType extends ApiError {
  constructor(readonly contentType: string, accepted: string[]) {
    super(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  }
}

export class NotAcceptable extends ApiError {
  constructor(accepted: string[]) {
    super(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
  }
}

export class RequestEntityTooLarge extends ApiError {
  constructor(limit: number) {
    super(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
  }
}

export class MethodNotSupported extends ApiError {
  constructor(gr: GroupResource, verb: string) {
    super(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${groupResourceString(gr)}"`, { group: gr.group || undefined, kind: gr.resource });
  }
}

/** go-restful's 405 for a method no route is installed for, as kube's serviceErrorHandler words it. */
export class MethodNotAllowed extends ApiError {
  constructor() {
    super(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  }
}

/** A request whose credentials do not authenticate (kube's authentication filter: `NewUnauthorized("Unauthorized")`). */
export class Unauthorized extends ApiError {
  constructor() {
    super(401, 'Unauthorized', 'Unauthorized');
  }
}

export class Forbidden extends ApiError {
  constructor(gr: GroupResource, objectName: string, reason: string) {
    const qualified = groupResourceString(gr);
    // No resource (a refusal before the request names one, as kube's filters for non-resource paths).
    const msg = !qualified ? `forbidden: ${reason}` : objectName ? `${qualified} "${objectName}" is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
    super(403, 'Forbidden', msg, grDetails(gr, objectName));
  }
}

export class InternalError extends ApiError {
  constructor(cause: string) {
    super(500, 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
  }
}

/** 406 for an `as=` conversion that does not fit the request (kube's handlers/response.go errNotAcceptable). */
export class ConversionNotAcceptable extends ApiError {
  constructor(message: string) {
    super(406, 'NotAcceptable', message);
  }
}

export class Timeout extends ApiError {
  constructor(message: string, retryAfterSeconds = 0) {
    super(504, 'Timeout', `Timeout: ${message}`, retryAfterSeconds ? { retryAfterSeconds } : undefined);
  }
}

/** The Status kube returns for a successful delete of an object (or collection) without a body. */
export function successStatus(details?: StatusDetails): Status {
  const s = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' } as Status;
  if (details) s.details = details;
  s.code = 200;
  return s;
}
