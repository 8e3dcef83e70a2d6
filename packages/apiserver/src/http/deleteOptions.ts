/**
 * DeleteOptions of a DELETE (one object or a collection), as kube's delete handlers read them:
 * from the body when there is one (JSON, YAML or protobuf), else from the query; then held to
 * ValidateDeleteOptions. Nothing is deleted unless the options are valid.
 *
 * Contract: a body that does not decode, or whose fields have the wrong JSON type, is a 400 in Go's
 * words (kube answers those with a 500; a 4xx is the honest code); invalid values are kube's 422
 * `DeleteOptions.meta.k8s.io "" is invalid: ...` (propagationPolicy outside Foreground/Background/
 * Orphan, dryRun other than All, orphanDependents together with propagationPolicy).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/delete.go,
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateDeleteOptions
 */
import { BadRequest, Invalid, UnsupportedMediaType, field, isPlainObject, type FieldError } from '@miniplane/api';
import { protobufMediaType } from '@miniplane/api/protobuf/index';
import type { DeleteOptions } from '../registry/resourceRegistry.js';
import { decodeProtobuf, decodeValue, mediaType, objectMediaTypes } from './body.js';
import { bool, int, str, type Query } from './query.js';

/** The DeleteOptions fields as a client sent them, before validation. */
interface RawDeleteOptions {
  propagationPolicy?: string;
  dryRun?: string[];
  gracePeriodSeconds?: number;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

const policies = ['Foreground', 'Background', 'Orphan'];

function typeError(path: string, goType: string, v: unknown): BadRequest {
  const what = typeof v === 'number' || typeof v === 'bigint' ? 'number' : Array.isArray(v) ? 'array' : v !== null && typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : 'string';
  const lit = (typeof v === 'number' && !Number.isSafeInteger(v)) || typeof v === 'bigint' ? ` ${String(v).replace('e+', 'e')}` : '';
  return new BadRequest(`json: cannot unmarshal ${what}${lit} into Go struct field ${path} of type ${goType}`);
}

/** Go's typed decode of a DeleteOptions body: wrong JSON types are refused, unknown fields dropped. */
function fromBody(b: unknown): RawDeleteOptions {
  if (b === null) return {};
  if (!isPlainObject(b)) throw new BadRequest(`json: cannot unmarshal ${Array.isArray(b) ? 'array' : typeof b === 'string' ? 'string' : typeof b === 'boolean' ? 'bool' : 'number'} into Go value of type v1.DeleteOptions`);
  if (typeof b.kind === 'string' && b.kind !== '' && b.kind !== 'DeleteOptions') throw new BadRequest('decoded object cannot be converted to DeleteOptions');
  const o: RawDeleteOptions = {};
  const { propagationPolicy: pp, dryRun: dr, gracePeriodSeconds: g, orphanDependents: od, preconditions: pre } = b;
  if (pp != null) {
    if (typeof pp !== 'string') throw typeError('DeleteOptions.propagationPolicy', 'v1.DeletionPropagation', pp);
    o.propagationPolicy = pp;
  }
  if (dr != null) {
    if (!Array.isArray(dr)) throw typeError('DeleteOptions.dryRun', '[]string', dr);
    const bad = dr.find((x) => typeof x !== 'string');
    if (bad !== undefined) throw typeError('DeleteOptions.dryRun', 'string', bad);
    o.dryRun = dr as string[];
  }
  if (g != null) {
    const int64 = typeof g === 'bigint' ? g >= -(2n ** 63n) && g < 2n ** 63n : typeof g === 'number' && Number.isInteger(g) && Math.abs(g) < 2 ** 63;
    if (!int64) throw typeError('DeleteOptions.gracePeriodSeconds', 'int64', g);
    o.gracePeriodSeconds = Number(g);
  }
  if (od != null) {
    if (typeof od !== 'boolean') throw typeError('DeleteOptions.orphanDependents', 'bool', od);
    o.orphanDependents = od;
  }
  if (pre != null) {
    if (!isPlainObject(pre)) throw typeError('DeleteOptions.preconditions', 'v1.Preconditions', pre);
    o.preconditions = {};
    for (const [k, goType] of [['uid', 'types.UID'], ['resourceVersion', 'string']] as const) {
      const v = pre[k];
      if (v == null) continue;
      if (typeof v !== 'string') throw typeError(`Preconditions.preconditions.${k}`, goType, v);
      o.preconditions[k] = v;
    }
  }
  return o;
}

function fromQuery(q: Query): RawDeleteOptions {
  const o: RawDeleteOptions = {};
  const pp = str(q, 'propagationPolicy');
  if (pp !== undefined) o.propagationPolicy = pp;
  const dr = q.dryRun;
  if (dr !== undefined) o.dryRun = Array.isArray(dr) ? dr : [dr];
  const g = int(q, 'gracePeriodSeconds');
  if (g !== undefined) o.gracePeriodSeconds = g;
  if (q.orphanDependents !== undefined) o.orphanDependents = bool(q, 'orphanDependents');
  const uid = str(q, 'preconditions.uid');
  const rv = str(q, 'preconditions.resourceVersion');
  if (uid !== undefined || rv !== undefined) o.preconditions = { ...(uid !== undefined && { uid }), ...(rv !== undefined && { resourceVersion: rv }) };
  return o;
}

/** kube's ValidateDeleteOptions. */
export function validateDeleteOptions(o: RawDeleteOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (o.orphanDependents !== undefined && o.propagationPolicy !== undefined) {
    errs.push(field.invalid('propagationPolicy', o.propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (o.propagationPolicy !== undefined && !policies.includes(o.propagationPolicy)) {
    errs.push(field.notSupported('propagationPolicy', o.propagationPolicy, [...policies, 'nil']));
  }
  if (o.dryRun && !o.dryRun.every((x) => x === 'All')) errs.push(field.notSupported('dryRun', o.dryRun, ['All']));
  return errs;
}

/** The options of a DELETE, decoded and validated; throws kube's error before anything is deleted. */
export function deleteOptions(q: Query, body: Buffer | undefined, contentType: string | undefined): DeleteOptions {
  let raw: RawDeleteOptions;
  if (body && body.length > 0 && body.toString('utf8').trim() !== '') {
    const mt = mediaType(contentType) || 'application/json';
    if (!objectMediaTypes.includes(mt)) throw new UnsupportedMediaType(mt, objectMediaTypes);
    let b: unknown;
    try {
      b = mt === protobufMediaType ? decodeProtobuf({ kind: 'DeleteOptions' }, body) : decodeValue(mt, body.toString('utf8'));
    } catch (e) {
      if (e instanceof BadRequest) throw e;
      throw new BadRequest(`the object provided is unrecognized (must be of type DeleteOptions): ${(e as Error).message}`);
    }
    raw = fromBody(b);
  } else {
    raw = fromQuery(q);
  }
  return validated(raw);
}

/**
 * A decoded DeleteOptions value (the one an Eviction embeds) as the delete's options: Go's typed
 * decode, then kube's 422 when invalid.
 */
export function deleteOptionsFrom(value: unknown): DeleteOptions {
  return validated(fromBody(value));
}

function validated(raw: RawDeleteOptions): DeleteOptions {
  const errs = validateDeleteOptions(raw);
  if (errs.length) throw new Invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs);
  const o: DeleteOptions = { dryRun: (raw.dryRun?.length ?? 0) > 0 };
  if (raw.preconditions) o.preconditions = raw.preconditions;
  if (raw.propagationPolicy !== undefined) o.propagationPolicy = raw.propagationPolicy;
  else if (raw.orphanDependents !== undefined) o.propagationPolicy = raw.orphanDependents ? 'Orphan' : 'Background';
  if (raw.gracePeriodSeconds !== undefined) o.gracePeriodSeconds = raw.gracePeriodSeconds;
  return o;
}
