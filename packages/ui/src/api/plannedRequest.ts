/**
 * The page's writes: a planned request (model/podActions.ts) sent through `request()` with the
 * page's token, and a refusal shown as kubectl prints it, `Error from server (Reason): message`
 * (the Status the API answered), else the error's own message.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (StandardErrorMessage)
 */
import type { ApiRequest } from '../model/podActions.js';
import { ApiRequestError, request } from './apiClient.js';

export function send(r: ApiRequest): Promise<unknown> {
  return request(r.method, r.path, r.body, r.contentType);
}

export function apiErrorText(e: unknown): string {
  if (e instanceof ApiRequestError) return e.reason ? `Error from server (${e.reason}): ${e.message}` : `Error from server: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
