/**
 * Storage keys for API objects: `/<group|core>/<plural>/<namespace>/<name>` for namespaced kinds,
 * `/<group|core>/<plural>/<name>` for cluster-scoped ones. Key order = kube's list order
 * (namespace, then name).
 */
import type { ResourceInfo } from '@miniplane/api';

function base(info: ResourceInfo): string {
  return `/${info.group || 'core'}/${info.plural}/`;
}

export function objectKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return info.namespaced ? `${base(info)}${namespace}/${name}` : `${base(info)}${name}`;
}

/** The prefix listing every object of a kind, or those of one namespace. */
export function listPrefix(info: ResourceInfo, namespace?: string): string {
  return info.namespaced && namespace ? `${base(info)}${namespace}/` : base(info);
}
