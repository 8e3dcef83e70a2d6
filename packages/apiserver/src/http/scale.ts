/**
 * The scale subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale view of
 * spec.replicas and the selector; writing it sets spec.replicas.
 * Upstream: pkg/registry/apps/deployment/storage/storage.go ScaleREST
 */
import { BadRequest, Invalid, MethodNotSupported, field, isPlainObject, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { patchedObject } from '../registry/patchedObject.js';
import { labelSelectorFromObject, type LabelSelectorObject } from '@miniplane/api/labelSelector';
import { groupResource, type ResourceRegistry, type WriteOptions } from '../registry/resourceRegistry.js';
import { decodeBody, decodePatch, patchKind } from './body.js';
import { dryRun } from './query.js';
import type { VerbRequest } from './verbRequest.js';
import { writeManager } from './writeOptions.js';
import { recordManagedFields } from '../registry/fieldManagement.js';

export const scaleInfo = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

export function toScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (obj.status ?? {}) as { replicas?: number };
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector: spec.selector ? labelSelectorFromObject(spec.selector as LabelSelectorObject).toString() : '' },
  };
}

export function getScale(registry: ResourceRegistry, info: ResourceInfo, ns: string | undefined, name: string): KubeObject {
  return toScale(registry.get(info, ns, name));
}

/**
 * A scale write is an update of the parent's spec.replicas through the write pipeline. `manager`
 * (when given) is recorded in the parent's managedFields as owning `.spec.replicas` through
 * `scale`. The read and the update run back to back (no await between), and the update is
 * conditional on the revision read, so nothing can slip in between.
 */
export function setScale(
  registry: ResourceRegistry, info: ResourceInfo, ns: string | undefined, name: string, change: (scale: KubeObject) => KubeObject, o: WriteOptions, manager?: string,
): KubeObject {
  const cur = registry.get(info, ns, name);
  const scale = change(toScale(cur));
  const replicas = isPlainObject(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new Invalid({ group: 'autoscaling', kind: 'Scale' }, name, [field.invalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0')]);
  }
  const rv = scale.metadata?.resourceVersion;
  let next: KubeObject = { ...cur, metadata: { ...cur.metadata, resourceVersion: rv ?? cur.metadata.resourceVersion }, spec: { ...(cur.spec as object), replicas } };
  if (manager !== undefined) next = recordManagedFields(registry.scheme, info, cur, next, manager, 'scale');
  return toScale(registry.update(info, ns, name, next, '', { dryRun: o.dryRun }).obj);
}

/** GET, PUT and PATCH of `<resource>/scale`. */
export function scaleVerb(r: VerbRequest, verb: string): KubeObject {
  const { registry } = r.deps;
  const name = r.name!;
  if (verb === 'get') return getScale(registry, r.info, r.ns, name);
  if (verb !== 'update' && verb !== 'patch') throw new MethodNotSupported(groupResource(r.info), verb);
  const contentType = r.req.headers['content-type'];
  const change = (scale: KubeObject): KubeObject => {
    if (verb === 'patch') {
      const type = patchKind(contentType);
      return patchedObject(registry.scheme, scaleInfo, scale, { type, body: decodePatch(type, r.body) }, 'scale').obj;
    }
    const s = decodeBody(scaleInfo, contentType, r.body);
    if (!isPlainObject(s)) throw new BadRequest('the object provided is unrecognized (must be of type Scale)');
    return s as KubeObject;
  };
  return setScale(registry, r.info, r.ns, name, change, { dryRun: dryRun(r.q) }, writeManager(r.q, r.req.headers, verb === 'update' ? 'UpdateOptions' : 'PatchOptions'));
}
