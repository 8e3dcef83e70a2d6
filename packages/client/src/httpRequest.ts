/**
 * One request to the apiserver as the REST client sends it, and what a ResourceClient needs of a
 * client (`Requester`): the seam between the typed verbs and the HTTP transport, so neither
 * module imports the other's implementation.
 * Upstream: staging/src/k8s.io/client-go/rest/request.go
 */
import type { IncomingMessage } from 'node:http';

export type Query = Record<string, string | number | boolean | undefined>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  /** Default `application/json` when a body is given. */
  contentType?: string;
  /** Extra headers, e.g. kubectl's Table `Accept`; they override the defaults. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends requests: RestClient, or a test's fake. */
export interface Requester {
  /** The decoded 2xx body; an ApiError (or the transport's error) otherwise. */
  request<R>(req: HttpRequest): Promise<R>;
  /** The open 2xx response of a watch; the caller consumes or destroys it. */
  stream(req: HttpRequest): Promise<IncomingMessage>;
}
