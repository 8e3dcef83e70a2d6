/**
 * List parameters → a store read: selectors become one filter, limit/continue become a page of a
 * consistent snapshot, resourceVersion/resourceVersionMatch choose the snapshot.
 *
 * Contract: the continue token is kube's shape, base64 of {"v":"meta.k8s.io/v1","rv":R,"start":K};
 * a token that does not decode is a 400, one whose snapshot was compacted is a 410 Expired.
 * Upstream: staging/src/k8s.io/apiserver/pkg/storage/continue.go, etcd3/store.go GetList.
 */
import {
  BadRequest,
  ContinueExpired,
  Invalid,
  ResourceVersionTooOld,
  Timeout,
  field,
  type KubeObject,
  type ResourceInfo,
} from '@miniplane/api';
import { parseLabelSelector } from '@miniplane/api/labelSelector';
import { parseFieldSelector } from '@miniplane/api/fieldSelector';
import { SnapshotCompacted, type ListResult } from '../storage/kvStore.js';
import type { ResourceRegistry } from '../registry/resourceRegistry.js';
import { listPrefix } from '../registry/keys.js';
import { int, str, type Query } from './query.js';

export type ObjectFilter = (o: KubeObject) => boolean;

/** One predicate for labelSelector + fieldSelector (undefined when neither is given). */
export function selectorFilter(info: ResourceInfo, q: Query): ObjectFilter | undefined {
  const ls = str(q, 'labelSelector');
  const fs = str(q, 'fieldSelector');
  const l = ls ? parseLabelSelector(ls) : undefined;
  const f = fs ? parseFieldSelector(fs, info) : undefined;
  if (!l && !f) return undefined;
  return (o) => (!l || l.matches(o.metadata.labels ?? {})) && (!f || f.matches(o));
}

interface ContinueToken {
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, lastKey: string, prefix: string): string {
  const start = lastKey.slice(prefix.length) + '\u0000';
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

function decodeContinue(token: string, prefix: string): { rv: number; startAfter: string } {
  let t: ContinueToken;
  try {
    t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw new BadRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
  if (typeof t?.rv !== 'number' || typeof t.start !== 'string' || t.rv <= 0 || !t.start.endsWith('\u0000')) {
    throw new BadRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (t.start.includes('..') || t.start.startsWith('/')) throw new BadRequest('continue key is not valid: key is not valid');
  return { rv: t.rv, startAfter: prefix + t.start.slice(0, -1) };
}

export interface ListPage extends ListResult {
  continueToken?: string;
}

/** What a LIST asks for, validated: the range, the snapshot, the page. */
export interface ListRequest {
  prefix: string;
  filter?: ObjectFilter;
  limit?: number;
  atRev?: number;
  startAfter?: string;
  /** A continue token was given (a compacted snapshot is then 410 ContinueExpired). */
  continued: boolean;
}

export function planList(registry: ResourceRegistry, info: ResourceInfo, namespace: string | undefined, q: Query): ListRequest {
  const filter = selectorFilter(info, q);
  const limit = int(q, 'limit');
  const cont = str(q, 'continue');
  const rvParam = str(q, 'resourceVersion');
  const match = str(q, 'resourceVersionMatch');
  const prefix = listPrefix(info, namespace);
  let atRev: number | undefined;
  let startAfter: string | undefined;
  if (match && !rvParam) {
    throw new Invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', [field.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided')]);
  }
  if (cont) {
    if (match) throw new Invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', [field.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided')]);
    ({ rv: atRev, startAfter } = decodeContinue(cont, prefix));
  } else if (rvParam && rvParam !== '0') {
    if (!/^\d+$/.test(rvParam)) throw new BadRequest(`invalid resource version: ${JSON.stringify(rvParam)}`);
    const want = Number(rvParam);
    const current = registry.store.log.currentRevision;
    if (want > current) throw new Timeout(`Too large resource version: ${want}, current: ${current}`, 1);
    if (match === 'Exact') atRev = want;
  }
  return { prefix, filter, limit, atRev, startAfter, continued: !!cont };
}

/** The API error for a snapshot compacted away (410: an expired continue token or a too old resourceVersion). */
export function compactedError(registry: ResourceRegistry, req: ListRequest, e: SnapshotCompacted): Error {
  return req.continued ? new ContinueExpired() : new ResourceVersionTooOld(e.rev, registry.store.log.compactRevision + 1);
}

export function listPage(registry: ResourceRegistry, info: ResourceInfo, namespace: string | undefined, q: Query): ListPage {
  const req = planList(registry, info, namespace, q);
  let res: ListResult;
  try {
    res = registry.list(info, namespace, req);
  } catch (e) {
    if (e instanceof SnapshotCompacted) throw compactedError(registry, req, e);
    throw e;
  }
  const page: ListPage = { ...res };
  if (res.lastKey !== undefined) page.continueToken = encodeContinue(res.rev, res.lastKey, req.prefix);
  return page;
}
