/**
 * What kube's namespace controller decides for a namespace being deleted, as pure functions:
 * - `deletableResources`: the namespaced resources discovery lists that support `list` and
 *   `delete` (subresources left out), one version per group as discovery prefers it, core pods
 *   first (kube 1.33's OrderedNamespaceDeletion, KEP-5080: pods go, and are gone, before the
 *   rest, so a NetworkPolicy or Secret never goes while a pod using it still runs);
 * - `contentTotals`: what is left after a deletion pass (objects per resource, and objects per
 *   finalizer they still carry);
 * - `namespaceConditions`: the five deletion conditions kube maintains, in kube's order, each
 *   True with the failure's reason and message or False with the "ok" reason and message; a
 *   condition's lastTransitionTime changes only when its status does;
 * - `finalizeSpec`: spec.finalizers without `kubernetes`.
 * Contract: pure; inputs are never modified.
 * Upstream: pkg/controller/namespace/deletion/namespaced_resources_deleter.go,
 * pkg/controller/namespace/deletion/status_condition_utils.go
 */
import type { KubeObject } from '@miniplane/api';

export const finalizerKubernetes = 'kubernetes';

export interface DiscoveredResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs: readonly string[];
}

export interface GroupVersionResources {
  group: string;
  version: string;
  resources: readonly DiscoveredResource[];
}

export interface DeletableResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** Delete with one DELETE of the collection (else list, then delete each). */
  deleteCollection: boolean;
}

export function deletableResources(discovered: readonly GroupVersionResources[]): DeletableResource[] {
  const out: DeletableResource[] = [];
  for (const gv of discovered) {
    for (const r of gv.resources) {
      if (!r.namespaced || r.name.includes('/') || !r.verbs.includes('list') || !r.verbs.includes('delete')) continue;
      out.push({ group: gv.group, version: gv.version, kind: r.kind, plural: r.name, deleteCollection: r.verbs.includes('deletecollection') });
    }
  }
  const pods = (r: DeletableResource) => (r.group === '' && r.plural === 'pods' ? 0 : 1);
  return out.sort((a, b) => pods(a) - pods(b)); // stable: the rest keep discovery's order
}

/** What is left: `resource.group` → objects, finalizer → objects carrying it. */
export interface ContentTotals {
  remaining: Map<string, number>;
  finalizers: Map<string, number>;
}

export function contentTotals(left: ReadonlyArray<{ resource: DeletableResource; items: readonly KubeObject[] }>): ContentTotals {
  const remaining = new Map<string, number>();
  const finalizers = new Map<string, number>();
  for (const { resource, items } of left) {
    if (!items.length) continue;
    remaining.set(`${resource.plural}.${resource.group}`, items.length);
    for (const o of items) for (const f of o.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
  }
  return { remaining, finalizers };
}

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/** The outcome of one deletion pass. */
export interface DeletionOutcome {
  discoveryError?: string;
  deleteErrors: readonly string[];
  totals?: ContentTotals;
}

const conditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const ok: Record<(typeof conditionTypes)[number], [reason: string, message: string]> = {
  NamespaceDeletionDiscoveryFailure: ['ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
};

function failures(o: DeletionOutcome): Map<string, [string, string]> {
  const f = new Map<string, [string, string]>();
  if (o.discoveryError !== undefined) f.set('NamespaceDeletionDiscoveryFailure', ['DiscoveryFailed', o.discoveryError]);
  if (o.deleteErrors.length) {
    const msgs = [...o.deleteErrors].sort();
    f.set('NamespaceDeletionContentFailure', ['ContentDeletionFailed', `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`]);
  }
  const sorted = (m: Map<string, number>, word: string) => [...m].filter(([, n]) => n > 0).map(([k, n]) => `${k} ${word} ${n} resource instances`).sort();
  if (o.totals?.remaining.size) {
    f.set('NamespaceContentRemaining', ['SomeResourcesRemain', `Some resources are remaining: ${sorted(o.totals.remaining, 'has').join(', ')}`]);
  }
  if (o.totals?.finalizers.size) {
    f.set('NamespaceFinalizersRemaining', ['SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${sorted(o.totals.finalizers, 'in').join(', ')}`]);
  }
  return f;
}

/** The namespace's conditions after `outcome`, and whether they changed. */
export function namespaceConditions(
  current: readonly NamespaceCondition[], outcome: DeletionOutcome, now: string,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = current.map((c) => ({ ...c }));
  const failed = failures(outcome);
  let changed = false;
  for (const type of conditionTypes) {
    const [reason, message] = failed.get(type) ?? ok[type];
    const status = failed.has(type) ? 'True' : 'False';
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push({ type, status, lastTransitionTime: now, reason, message });
      changed = true;
    } else if (old.status !== status || old.reason !== reason || old.message !== message) {
      if (old.status !== status) old.lastTransitionTime = now;
      Object.assign(old, { status, reason, message });
      changed = true;
    }
  }
  return { conditions, changed };
}

/** spec.finalizers of a namespace; `finalizeSpec` drops `kubernetes` from them. */
export function specFinalizers(ns: KubeObject): string[] {
  const f = (ns.spec as { finalizers?: unknown } | undefined)?.finalizers;
  return Array.isArray(f) ? (f as string[]) : [];
}

export function finalizeSpec(ns: KubeObject): string[] {
  return specFinalizers(ns).filter((f) => f !== finalizerKubernetes);
}
