/**
 * Whether two pod templates are the same for a Deployment: Go's semantic equality on decoded
 * structs (empty maps, lists and structs equal absent ones), ignoring the `pod-template-hash`
 * label a ReplicaSet's template carries.
 *
 * Contract: pure; nesting is bounded.
 * Upstream: staging/src/k8s.io/kubectl/pkg/util/deployment/deployment.go (EqualIgnoreHash)
 */
import { deepEqual } from '@miniplane/api/patch/jsonValue';

function pruneEmpty(v: unknown, depth: number): unknown {
  if (depth > 100 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.length ? v.map((x) => pruneEmpty(x, depth + 1)) : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const p = pruneEmpty(x, depth + 1);
    if (p !== undefined && !(typeof p === 'object' && p !== null && !Array.isArray(p) && !Object.keys(p).length)) out[k] = p;
  }
  return out;
}

/** The template without the `pod-template-hash` label (a copy). */
export function withoutHash(template: unknown): unknown {
  const t = JSON.parse(JSON.stringify(template ?? {})) as { metadata?: { labels?: Record<string, string> } };
  delete t.metadata?.labels?.['pod-template-hash'];
  return t;
}

export function sameTemplate(a: unknown, b: unknown): boolean {
  return deepEqual(pruneEmpty(withoutHash(a), 0), pruneEmpty(withoutHash(b), 0));
}
