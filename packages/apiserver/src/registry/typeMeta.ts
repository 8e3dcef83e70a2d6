/**
 * apiVersion and kind on objects: stored objects carry them; a list's items do not (kube's list
 * encoding drops each item's TypeMeta).
 */
import { apiVersionOf, type KubeObject, type ResourceInfo } from '@miniplane/api';

/** An object without apiVersion and kind, as a list's items are. */
export function withoutTypeMeta(o: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest as KubeObject;
}

/** The object with its kind's apiVersion and kind first (the same object when it has them). */
export function withTypeMeta(info: ResourceInfo, obj: KubeObject): KubeObject {
  if (obj.apiVersion === apiVersionOf(info) && obj.kind === info.kind) return obj;
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return { kind: info.kind, apiVersion: apiVersionOf(info), ...rest } as KubeObject;
}
