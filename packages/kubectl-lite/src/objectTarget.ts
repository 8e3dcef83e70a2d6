/**
 * Where an object read from a file goes: its served resource (from apiVersion and kind) and its
 * namespace (the object's, else `-n`/the context's; refused when `-n` names another), and the
 * "error when <doing> <source>" wrapping kubectl puts around a failed write.
 *
 * Upstream: staging/src/k8s.io/cli-runtime/pkg/resource/mapper.go,
 * staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go (namespace checks)
 */
import type { Connection } from './connection.js';
import type { ApiResource, Discovery } from './discovery.js';
import { CliError } from './errors.js';
import type { Manifest } from './manifests.js';

export interface ObjectTarget {
  resource: ApiResource;
  namespace: string | undefined;
  name: string;
}

export async function objectTarget(d: Discovery, conn: Connection, m: Manifest): Promise<ObjectTarget> {
  const o = m.object;
  const name = o.metadata?.name ?? '';
  const r = await d.forKind(o.apiVersion ?? '', o.kind ?? '');
  if (!r) {
    throw new CliError(`resource mapping not found for name: "${name}" namespace: "${o.metadata?.namespace ?? ''}" from "${m.source}": no matches for kind "${o.kind}" in version "${o.apiVersion}"\nensure CRDs are installed first`);
  }
  if (!r.namespaced) return { resource: r, namespace: undefined, name };
  const ns = o.metadata?.namespace;
  if (ns && conn.explicitNamespace && ns !== conn.namespace) {
    throw new CliError(`the namespace from the provided object "${ns}" does not match the namespace "${conn.namespace}". You must pass '--namespace=${ns}' to perform this operation.`);
  }
  return { resource: r, namespace: ns || conn.namespace, name };
}

/** `e` with kubectl's `error when creating "f.yaml": ` before its message (code and reason kept). */
export function wrapWriteError(e: unknown, doing: string, source: string): unknown {
  if (!(e instanceof Error) || typeof (e as { code?: unknown }).code !== 'number') return e;
  const w = Object.create(Object.getPrototypeOf(e) as object) as Error;
  Object.assign(w, e);
  w.message = `error when ${doing} "${source}": ${e.message}`;
  return w;
}
