/**
 * Parses a resource URL into what it names, as kube's RequestInfoFactory does:
 *   /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]
 *   /apis/{group}/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]
 * `/api/v1/namespaces/{name}[/status]` names the namespace object itself.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go
 */
import { posix } from 'node:path';
import type { ResourceInfo, Scheme } from '@miniplane/api';

export interface RequestInfo {
  group: string;
  version: string;
  /** Undefined for the group-version discovery document itself. */
  resource?: ResourceInfo;
  /** The plural as typed, when it names no served resource. */
  unknownResource?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Returns undefined when the path is not under /api or /apis/{g}/{v}. */
export function parseRequestInfo(path: string, scheme: Scheme): RequestInfo | undefined {
  const parts = path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return undefined;
  const info: RequestInfo = { group, version };
  if (rest.length === 0) return info;
  // /namespaces/{ns}/{resource}... unless it is the namespace itself or its subresource.
  if (rest[0] === 'namespaces' && rest.length >= 3 && group === '' && !['status', 'finalize'].includes(rest[2]!)) {
    info.namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 3 && group !== '') {
    info.namespace = rest[1];
    rest = rest.slice(2);
  }
  const plural = rest[0]!;
  const res = scheme.findResource(group, version, plural);
  if (res) info.resource = res;
  else info.unknownResource = plural;
  if (rest.length >= 2) info.name = rest[1];
  if (rest.length >= 3) info.subresource = rest.slice(2).join('/');
  return info;
}

/**
 * The cleaned form of a request path that is not clean (an empty segment as in
 * `/api/v1/namespaces//services`, or a `.`/`..` segment), else undefined. kube-apiserver's Go
 * ServeMux answers such a path with a 301 to its cleaned form rather than serving it, so the
 * empty namespace is never read as a name.
 * Upstream: go/src/net/http/server.go (cleanPath, ServeMux redirect)
 */
export function uncleanPathRedirect(path: string): string | undefined {
  if (!/\/\/|\/\.\.?(\/|$)/.test(path)) return undefined;
  let clean = posix.normalize(path);
  if (path.endsWith('/') && !clean.endsWith('/')) clean += '/';
  return clean === path ? undefined : clean;
}
