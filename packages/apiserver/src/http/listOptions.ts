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
  isPlainObject,
  type KubeObject,
  type ResourceInfo,
} from '@miniplane/api';
import { parseLabelSelector } from '@miniplane/api/labelSelector';
import { GoJsonSyntaxError, goJsonKind, numberLiteral, parseGoJson } from '@miniplane/api/patch/goJsonText';
import { parseFieldSelector, type FieldZeroValues } from '@miniplane/api/fieldSelector';
import type { SnapshotCompacted } from '../storage/kvStore.js';
import type { ResourceRegistry } from '../registry/resourceRegistry.js';
import { listPrefix } from '../registry/keys.js';
import { int, str, type Query } from './query.js';
import { posix } from 'node:path';

export type ObjectFilter = (o: KubeObject) => boolean;

/**
 * One predicate for labelSelector + fieldSelector (undefined when neither is given); `zeros` is
 * the scheme's fieldZeroValues for the kind.
 */
export function selectorFilter(info: ResourceInfo, q: Query, zeros?: FieldZeroValues): ObjectFilter | undefined {
  const ls = str(q, 'labelSelector');
  const fs = str(q, 'fieldSelector');
  const l = ls ? parseLabelSelector(ls) : undefined;
  const f = fs ? parseFieldSelector(fs, info, zeros) : undefined;
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

const invalidKey = (why: string) => new BadRequest(`invalid continue token: continue key is not valid${why}`);

/** Go's json.Unmarshal of the token into storage.continueToken {v string; rv int64; start string}. */
function continueFields(data: string): { v: string; rv: bigint; start: string } {
  let t: unknown;
  try {
    t = parseGoJson(data);
  } catch (e) {
    if (e instanceof GoJsonSyntaxError) throw invalidKey(`: ${e.message}`);
    throw e;
  }
  if (t === null) return { v: '', rv: 0n, start: '' };
  if (!isPlainObject(t)) throw invalidKey(`: json: cannot unmarshal ${goJsonKind(t)} into Go value of type storage.continueToken`);
  const typeErr = (f: string, goType: string, x: unknown) => invalidKey(`: json: cannot unmarshal ${goJsonKind(x)}${typeof x === 'number' || typeof x === 'bigint' ? ` ${numberLiteral(x)}` : ''} into Go struct field continueToken.${f} of type ${goType}`);
  const out = { v: '', rv: 0n, start: '' };
  for (const f of ['v', 'start'] as const) {
    const x = (t as Record<string, unknown>)[f];
    if (x === null || x === undefined) continue;
    if (typeof x !== 'string') throw typeErr(f, 'string', x);
    out[f] = x;
  }
  const rv = (t as Record<string, unknown>).rv;
  if (rv !== null && rv !== undefined) {
    // An int64 field takes integer literals in range only: 1.5 and 1e308 are Go's type errors.
    const n = typeof rv === 'bigint' ? rv : typeof rv === 'number' && Number.isSafeInteger(rv) ? BigInt(rv) : undefined;
    if (n === undefined || n < -(2n ** 63n) || n >= 2n ** 63n) throw typeErr('rv', 'int64', rv);
    out.rv = n;
  }
  return out;
}

/**
 * kube's DecodeContinue: base64url (no padding) of the JSON token; rv 0 or a start key that is
 * empty or not clean (path traversal) is refused; a negative rv means "the latest state".
 */
function decodeContinue(token: string, prefix: string, current: number): { rv: number; startAfter: string } {
  const at = token.search(/[^A-Za-z0-9_-]/);
  if (at >= 0 || token.length % 4 === 1) throw invalidKey(`: illegal base64 data at input byte ${at >= 0 ? at : token.length - 1}`);
  const t = continueFields(Buffer.from(token, 'base64url').toString('utf8'));
  if (t.v !== 'meta.k8s.io/v1') throw invalidKey(`: server does not recognize this encoded version ${t.v}`);
  if (t.rv === 0n) throw invalidKey(': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (t.start === '') throw invalidKey(': encoded start key empty (version meta.k8s.io/v1)');
  const key = t.start.startsWith('/') ? t.start : `/${t.start}`;
  // Tokens this server writes end their start key with NUL (the key after the last one returned).
  if (posix.normalize(key) !== key || !t.start.endsWith('\u0000') || t.start.startsWith('/')) throw invalidKey(`: ${t.start}`);
  if (t.rv > BigInt(current)) throw new Timeout(`Too large resource version: ${t.rv}, current: ${current}`, 1);
  return { rv: t.rv < 0n ? current : Number(t.rv), startAfter: prefix + t.start.slice(0, -1) };
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
  const filter = selectorFilter(info, q, registry.scheme.fieldZeroValues(info));
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
    ({ rv: atRev, startAfter } = decodeContinue(cont, prefix, registry.currentRevision));
  } else if (rvParam && rvParam !== '0') {
    if (!/^\d+$/.test(rvParam)) throw new BadRequest(`invalid resource version: ${JSON.stringify(rvParam)}`);
    const want = Number(rvParam);
    const current = registry.currentRevision;
    if (want > current) throw new Timeout(`Too large resource version: ${want}, current: ${current}`, 1);
    if (match === 'Exact') atRev = want;
  }
  return { prefix, filter, limit, atRev, startAfter, continued: !!cont };
}

/** The API error for a snapshot compacted away (410: an expired continue token or a too old resourceVersion). */
export function compactedError(registry: ResourceRegistry, req: ListRequest, e: SnapshotCompacted): Error {
  return req.continued ? new ContinueExpired() : new ResourceVersionTooOld(e.rev, registry.compactRevision + 1);
}
