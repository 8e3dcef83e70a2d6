/**
 * `kubectl rollout status|restart|history|undo statefulset NAME`: kubectl's StatefulSet helpers.
 * status: the StatefulSetStatusViewer's lines (spec update observed, pods ready, the partitioned
 * roll out or the update revision reached); history: the ControllerRevisions the set controls by
 * revision (CHANGE-CAUSE from `kubernetes.io/change-cause`); undo: the previous (or
 * `--to-revision`) revision's template patched back, skipped when it is the current one;
 * pause/resume: kubectl's "not supported" errors. restart is the Deployment's (rollout.ts).
 *
 * Contract: pure planners over the fetched objects (`statefulSetStatus`, `pickRevision`);
 * `undoStatefulSet` writes one strategic merge patch (the revision's own data).
 * Upstream: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go
 * (StatefulSetStatusViewer), history.go (StatefulSetHistoryViewer), rollback.go
 * (StatefulSetRollbacker)
 */
import { CliError } from '../errors.js';
import { listControlled } from '../fetch.js';
import type { KubeObj } from '../output/printObjects.js';
import type { Session } from '../session.js';
import { sameTemplate } from '../templateEquality.js';

export interface StatefulSet {
  metadata: { name: string; generation?: number; uid?: string };
  spec: { replicas?: number; template?: unknown; updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } } };
  status?: { observedGeneration?: number; readyReplicas?: number; updatedReplicas?: number; currentReplicas?: number; updateRevision?: string; currentRevision?: string };
}

/** kubectl's StatefulSetStatusViewer: the line to print and whether the rollout is done. */
export function statefulSetStatus(sts: StatefulSet): { text: string; done: boolean } {
  const strategy = sts.spec.updateStrategy ?? {};
  if (strategy.type !== 'RollingUpdate') throw new CliError('rollout status is only available for RollingUpdate strategy type');
  const st = sts.status ?? {};
  if (!st.observedGeneration || (sts.metadata.generation ?? 0) > st.observedGeneration) return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec.replicas ?? 1;
  if ((st.readyReplicas ?? 0) < replicas) return { text: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
  const updated = st.updatedReplicas ?? 0;
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (partition !== undefined && updated < replicas - partition) {
      return { text: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    }
    return { text: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) return { text: `waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision ?? ''}...\n`, done: false };
  return { text: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision ?? ''}...\n`, done: true };
}

export type Revision = KubeObj & { revision?: number; data?: { spec?: { template?: Record<string, unknown> } }; metadata: { annotations?: Record<string, string>; ownerReferences?: { uid: string; controller?: boolean }[] } };

/** The ControllerRevisions `sts` controls, by revision number. */
export async function statefulSetRevisions(s: Session, sts: KubeObj): Promise<Map<number, Revision>> {
  const conn = await s.conn();
  const crR = await (await s.discovery()).resolve('controllerrevisions.apps');
  const out = new Map<number, Revision>();
  for (const cr of crR ? ((await listControlled(conn.client, crR, sts)) as Revision[]) : []) out.set(cr.revision ?? 0, cr);
  return out;
}

/** kubectl's findHistory: revision `to`, or (0) the one before the latest. */
export function pickRevision(byRevision: Map<number, Revision>, to: number): Revision {
  if (to === 0) {
    const sorted = [...byRevision.keys()].sort((a, b) => b - a);
    if (sorted.length < 2) throw new CliError('no last revision to roll back to');
    return byRevision.get(sorted[1]!)!;
  }
  const hit = byRevision.get(to);
  if (!hit) throw new CliError(`unable to find specified revision ${to} in history`);
  return hit;
}

export async function undoStatefulSet(s: Session, sts: KubeObj & StatefulSet, path: string): Promise<string> {
  const to = s.flags.int('to-revision') ?? 0;
  const rev = pickRevision(await statefulSetRevisions(s, sts), to);
  const { $patch: _replace, ...template } = rev.data?.spec?.template ?? {};
  if (sameTemplate(sts.spec.template, template)) return `skipped rollback (current template already matches revision ${to})`;
  const conn = await s.conn();
  await conn.client.request({ method: 'PATCH', path, body: rev.data, contentType: 'application/strategic-merge-patch+json', query: { fieldManager: 'kubectl-rollout' } });
  return 'rolled back';
}
