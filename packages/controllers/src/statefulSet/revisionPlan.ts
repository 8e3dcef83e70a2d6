/**
 * The ControllerRevisions of a StatefulSet, as kube's StatefulSet controller keeps them: one per
 * template revision, named like the pods' `controller-revision-hash` (`<set>-<hash>`), labelled
 * with the template's labels and that hash, owned by the set (controller ownerReference),
 * carrying the set's annotations (so `kubernetes.io/change-cause` shows in `kubectl rollout
 * history`), holding `{spec: {template: ..., $patch: replace}}` (the strategic merge patch
 * `kubectl rollout undo` sends back) and a revision number one above the highest the set has.
 * A template equal to an older revision's (same name: a rollback) does not create one: that
 * revision is renumbered one above the highest (`bump`), unless it already is the latest.
 * Revisions in use by no pod and neither current nor update revision are history: the oldest
 * beyond `revisionHistoryLimit` (default 10) are deleted.
 * Contract: pure.
 * Upstream: pkg/controller/statefulset/stateful_set_control.go (getStatefulSetRevisions,
 * truncateHistory), pkg/controller/history/controller_history.go, stateful_set_utils.go (newRevision)
 */
import type { KubeObject } from '@miniplane/api';
import type { Pod } from '@miniplane/api/pod/types';
import { revisionLabel } from './statefulSetPlan.js';
import type { StatefulSet } from './statefulSetTypes.js';

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

/** API bodies are depth-bounded by the server; this bounds what a caller could hand in. */
const maxDepth = 256;

/** `v` with every object's keys sorted, as Go's json.Marshal writes a map[string]interface{}. */
function sortedKeys(v: unknown, depth = 0): unknown {
  if (depth > maxDepth) throw new RangeError('pod template nested too deeply');
  if (Array.isArray(v)) return v.map((x) => sortedKeys(x, depth + 1));
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys((v as Record<string, unknown>)[k], depth + 1)]));
}

/**
 * A revision's `data`: byte for byte what kubectl computes from the set to decide that `rollout
 * undo` has nothing to do (kube's getPatch: the template as Go encodes the typed struct, so
 * `metadata.creationTimestamp: null` and each container's `resources: {}` are there, then
 * re-marshalled as a map: keys sorted), with `$patch: replace`.
 */
export function revisionData(t: StatefulSet['spec']['template']): unknown {
  const withZeros = (cs: unknown) => (Array.isArray(cs) ? cs.map((c: Record<string, unknown>) => ({ resources: {}, ...c })) : cs);
  const spec = { ...t.spec } as Record<string, unknown>;
  for (const k of ['initContainers', 'containers', 'ephemeralContainers']) if (spec[k] !== undefined) spec[k] = withZeros(spec[k]);
  const template = { ...t, metadata: { creationTimestamp: null, ...(t.metadata ?? {}) }, spec, $patch: 'replace' };
  return sortedKeys({ spec: { template } });
}

/** The pod template a revision holds (its data without the patch directive), if it holds one. */
export function templateOf(r: ControllerRevision | undefined): StatefulSet['spec']['template'] | undefined {
  const t = (r?.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template;
  if (!t || typeof t !== 'object' || !t.spec) return undefined;
  const { $patch: _p, ...template } = t;
  return template as StatefulSet['spec']['template'];
}

export interface RevisionPlan {
  create?: ControllerRevision;
  /** An existing revision equal to the template, to renumber `to` (a rollback). */
  bump?: { revision: ControllerRevision; to: number };
  delete: ControllerRevision[];
}

export function planRevisions(set: StatefulSet, owned: readonly ControllerRevision[], pods: readonly Pod[], updateRevision: string, currentRevision: string): RevisionPlan {
  const plan: RevisionPlan = { delete: [] };
  const next = Math.max(0, ...owned.map((r) => Number(r.revision))) + 1;
  const equal = owned.find((r) => r.metadata.name === updateRevision);
  if (equal) {
    if (Number(equal.revision) !== next - 1) plan.bump = { revision: equal, to: next };
  } else {
    const t = set.spec.template;
    const annotations = set.metadata.annotations;
    plan.create = {
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      metadata: {
        name: updateRevision, namespace: set.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), [revisionLabel]: updateRevision },
        ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name!, uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      data: revisionData(t),
      revision: next,
    };
  }
  const live = new Set([updateRevision, currentRevision, ...pods.map((p) => p.metadata.labels?.[revisionLabel] ?? '')]);
  const history = owned.filter((r) => !live.has(r.metadata.name!)).sort((a, b) => Number(a.revision) - Number(b.revision));
  const limit = (set.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10;
  plan.delete = history.slice(0, Math.max(0, history.length - limit));
  return plan;
}
