/**
 * The `pod-template-hash` of a Deployment's pod template, as kube names its ReplicaSets
 * (`<deployment>-<hash>`): FNV-32a over the template (kube hashes Go's spew dump of the struct; we
 * hash its canonical JSON, keys sorted, so the digits differ from kube's for the same template
 * but are as stable) and, when set, `status.collisionCount` as 4 little-endian bytes; the decimal
 * sum is then mapped character by character onto kube's safe alphabet (SafeEncodeString).
 * Pure.
 * Upstream: pkg/controller/controller_utils.go (ComputeHash),
 *           staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go (SafeEncodeString),
 *           pkg/controller/deployment/util/deployment_util.go (EqualIgnoreHash)
 */
import type { PodTemplate } from './deploymentTypes.js';

export const podTemplateHashLabel = 'pod-template-hash';
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
/** API bodies are depth-bounded by the server; this bounds what a caller could hand in. */
const maxDepth = 256;

/**
 * JSON with sorted keys, where null, {} and [] fields are left out: Go decodes them all to the
 * zero value, and kube's semantic equality holds nil and empty equal (a template read back from
 * a ReplicaSet by `kubectl rollout undo` has `creationTimestamp: null` and `resources: {}`).
 */
function canonical(v: unknown, depth = 0): string | undefined {
  if (depth > maxDepth) throw new RangeError('pod template nested too deeply to hash');
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (!v.length) return undefined;
    return `[${v.map((x) => canonical(x, depth + 1) ?? 'null').join(',')}]`;
  }
  if (typeof v === 'object') {
    const parts: string[] = [];
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k], depth + 1);
      if (c !== undefined) parts.push(`${JSON.stringify(k)}:${c}`);
    }
    return parts.length ? `{${parts.join(',')}}` : undefined;
  }
  return JSON.stringify(v);
}

export function computeHash(template: PodTemplate, collisionCount?: number): string {
  let h = 0x811c9dc5;
  const feed = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const b of new TextEncoder().encode(canonical(template) ?? '')) feed(b);
  if (collisionCount !== undefined) for (let i = 0; i < 4; i++) feed((collisionCount >>> (8 * i)) & 0xff);
  return [...String(h >>> 0)].map((c) => alphabet[c.charCodeAt(0) % alphabet.length]).join('');
}

function withoutHash(t: PodTemplate): PodTemplate {
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[podTemplateHashLabel];
  const metadata = { ...(t.metadata ?? {}) };
  if (Object.keys(labels).length) metadata.labels = labels;
  else delete metadata.labels;
  return { ...t, metadata };
}

/** kube's EqualIgnoreHash: the templates are equal once the pod-template-hash label is ignored. */
export function equalIgnoreHash(a: PodTemplate, b: PodTemplate): boolean {
  return canonical(withoutHash(a)) === canonical(withoutHash(b));
}
