/**
 * One step of kube's StatefulSet controller, as a pure plan over the set and its pods.
 *
 * Contract
 * - Pods are `<set>-<ordinal>` for ordinals start..start+replicas-1 (`spec.ordinals.start`,
 *   default 0), each with `hostname` = its name, `subdomain` = `spec.serviceName`, the labels
 *   `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index` and
 *   `controller-revision-hash` (the update revision `<set>-<hash of the template>`), and a
 *   controller ownerReference.
 * - OrderedReady: the lowest missing ordinal is created only when every lower one is Running and
 *   Ready; nothing else happens while a pod is unhealthy (not Running and Ready, or terminating).
 *   Scale down deletes the highest condemned ordinal, one at a time, only when all are healthy.
 *   Parallel: every missing pod is created and every condemned one deleted at once.
 *   Failed pods are deleted (to be recreated).
 * - RollingUpdate: once every pod exists and is healthy, the highest ordinal >= partition whose
 *   revision is not the update revision is deleted (recreated at the update revision by a later
 *   step); one at a time. A pod below the partition (or, without rollingUpdate, below
 *   status.currentReplicas) is created from the current revision's template (`currentTemplate`,
 *   read from its ControllerRevision) with the current revision's label, as kube's
 *   newVersionedStatefulSetPod. OnDelete: pods are recreated at the update revision only when
 *   deleted.
 * - Status: replicas (pods that exist), readyReplicas, availableReplicas (ready for
 *   minReadySeconds), currentReplicas/updatedReplicas (pods at currentRevision/updateRevision),
 *   observedGeneration; currentRevision becomes the update revision once every pod is updated and
 *   ready (kube's completeRollingUpdate).
 * Not reproduced: maxUnavailable, PVCs from volumeClaimTemplates.
 * Upstream: pkg/controller/statefulset/stateful_set_control.go (updateStatefulSet),
 * pkg/controller/statefulset/stateful_set_utils.go (newStatefulSetPod, newVersionedStatefulSetPod, isHealthy)
 */
import type { Pod } from '@miniplane/api/pod/types';
import { computeHash } from '../deployment/podTemplateHash.js';
import { isPodReady } from '../replicaSet/podOrder.js';
import type { StatefulSet, StatefulSetStatus } from './statefulSetTypes.js';

export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
export const podIndexLabel = 'apps.kubernetes.io/pod-index';
export const revisionLabel = 'controller-revision-hash';

export interface StatefulSetPlan {
  create: Pod[];
  delete: Pod[];
  status: StatefulSetStatus;
}

export function updateRevisionOf(set: StatefulSet): string {
  return `${set.metadata.name}-${computeHash(set.spec.template, set.status?.collisionCount ?? 0)}`;
}

const ordinalOf = (set: StatefulSet, pod: Pod): number => {
  const m = new RegExp(`^${set.metadata.name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(pod.metadata.name ?? '');
  return m ? Number(m[1]) : -1;
};
/** kube's isMemberOf: the pod is named `<set>-<ordinal>`. */
export const isMemberOf = (set: StatefulSet, pod: Pod): boolean => ordinalOf(set, pod) >= 0;
const running = (p: Pod) => (p.status as { phase?: string } | undefined)?.phase === 'Running';
const healthy = (p: Pod) => running(p) && isPodReady(p) && !p.metadata.deletionTimestamp;
const failed = (p: Pod) => (p.status as { phase?: string } | undefined)?.phase === 'Failed';

export function podForOrdinal(set: StatefulSet, ordinal: number, revision: string, t: StatefulSet['spec']['template'] = set.spec.template): Pod {
  const name = `${set.metadata.name}-${ordinal}`;
  const labels = { ...(t.metadata?.labels ?? {}), [revisionLabel]: revision, [podNameLabel]: name, [podIndexLabel]: String(ordinal) };
  const spec = { ...structuredClone(t.spec), hostname: name, ...(set.spec.serviceName ? { subdomain: set.spec.serviceName } : {}) };
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: set.metadata.namespace, labels,
      ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name!, uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

/** Whether ordinal `o` is made at the current revision (kube's newVersionedStatefulSetPod). */
function atCurrentRevision(set: StatefulSet, o: number, start: number): boolean {
  const u = set.spec.updateStrategy;
  if ((u?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
  const below = u?.rollingUpdate ? (u.rollingUpdate.partition ?? 0) : (set.status?.currentReplicas ?? 0);
  return o < start + below;
}

export function planStatefulSet(set: StatefulSet, pods: readonly Pod[], now: number, currentTemplate?: StatefulSet['spec']['template']): StatefulSetPlan {
  const replicas = set.spec.replicas ?? 1;
  const start = set.spec.ordinals?.start ?? 0;
  const parallel = set.spec.podManagementPolicy === 'Parallel';
  const updateRevision = updateRevisionOf(set);
  const currentRevision = set.status?.currentRevision || updateRevision;
  const byOrdinal = new Map<number, Pod>();
  const condemned: Pod[] = [];
  for (const p of pods) {
    const o = ordinalOf(set, p);
    if (o >= start && o < start + replicas) byOrdinal.set(o, p);
    else if (o >= 0) condemned.push(p);
  }
  condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  const create: Pod[] = [];
  const del: Pod[] = [];
  let blocked = false;
  for (let o = start; o < start + replicas; o++) {
    const p = byOrdinal.get(o);
    if (!p) {
      const old = currentTemplate && currentRevision !== updateRevision && atCurrentRevision(set, o, start);
      if (parallel || !blocked) create.push(old ? podForOrdinal(set, o, currentRevision, currentTemplate) : podForOrdinal(set, o, updateRevision));
      blocked = true;
      continue;
    }
    if (failed(p) && !p.metadata.deletionTimestamp) del.push(p);
    if (!healthy(p)) blocked = true;
    if (!parallel && blocked) break;
  }
  if (parallel) {
    for (const p of condemned) if (!p.metadata.deletionTimestamp) del.push(p);
  } else if (!blocked && !create.length && !del.length) {
    const next = condemned[0];
    if (next && condemned.every((p) => !p.metadata.deletionTimestamp) && condemned.every(healthy)) del.push(next);
    else if (next) blocked = true;
  }
  if (!blocked && !condemned.length && !create.length && !del.length && (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let o = start + replicas - 1; o >= start + partition; o--) {
      const p = byOrdinal.get(o)!;
      if (p.metadata.labels?.[revisionLabel] !== updateRevision) {
        del.push(p);
        break;
      }
    }
  }
  return { create, delete: del, status: statusOf(set, pods, { updateRevision, currentRevision }, now) };
}

function statusOf(set: StatefulSet, pods: readonly Pod[], rev: { updateRevision: string; currentRevision: string }, now: number): StatefulSetStatus {
  const minReadyMs = (set.spec.minReadySeconds ?? 0) * 1000;
  const live = pods.filter((p) => !p.metadata.deletionTimestamp);
  const ready = live.filter((p) => running(p) && isPodReady(p));
  const readySince = (p: Pod) => {
    const c = (p.status as { conditions?: Array<{ type: string; lastTransitionTime?: string }> } | undefined)?.conditions?.find((x) => x.type === 'Ready');
    return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : now;
  };
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation,
    replicas: pods.length,
    readyReplicas: ready.length,
    availableReplicas: ready.filter((p) => now - readySince(p) >= minReadyMs).length,
    currentReplicas: pods.filter((p) => p.metadata.labels?.[revisionLabel] === rev.currentRevision).length,
    updatedReplicas: pods.filter((p) => p.metadata.labels?.[revisionLabel] === rev.updateRevision).length,
    currentRevision: rev.currentRevision,
    updateRevision: rev.updateRevision,
    collisionCount: set.status?.collisionCount ?? 0,
  };
  const replicas = set.spec.replicas ?? 1;
  if (status.updatedReplicas === replicas && status.readyReplicas === replicas && status.replicas === replicas) {
    status.currentRevision = rev.updateRevision;
    status.currentReplicas = status.updatedReplicas;
  }
  return status;
}
