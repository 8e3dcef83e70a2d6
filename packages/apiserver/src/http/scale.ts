/**
 * The scale subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale view of
 * spec.replicas and the selector; writing it sets spec.replicas.
 * Upstream: pkg/registry/apps/deployment/storage/storage.go ScaleREST
 */
import { Invalid, field, isPlainObject, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { labelSelectorFromObject, type LabelSelectorObject } from '@miniplane/api/labelSelector';
import type { ResourceRegistry, WriteOptions } from '../registry/resourceRegistry.js';
import { recordManagedFields, typingOf } from './managedFieldsHook.js';

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

/** `manager` (when given) is recorded in the parent's managedFields as owning `.spec.replicas` through `scale`. */
export function setScale(
  registry: ResourceRegistry, info: ResourceInfo, ns: string | undefined, name: string, change: (scale: KubeObject) => KubeObject, o: WriteOptions, manager?: string,
): KubeObject {
  const out = registry.modify(info, ns, name, '', o, (cur) => {
    const scale = change(toScale(cur));
    const replicas = isPlainObject(scale.spec) ? scale.spec.replicas : undefined;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new Invalid({ group: 'autoscaling', kind: 'Scale' }, name, [field.invalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0')]);
    }
    const rv = scale.metadata?.resourceVersion;
    const next = { ...cur, metadata: { ...cur.metadata, resourceVersion: rv ?? cur.metadata.resourceVersion }, spec: { ...(cur.spec as object), replicas } };
    return manager === undefined ? next : recordManagedFields(info, cur, next, manager, 'scale', typingOf(registry.scheme, info));
  });
  return toScale(out);
}
