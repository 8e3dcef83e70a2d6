/**
 * The pod garbage collector (kube's `pod-garbage-collector` controller): every `periodMs`
 * (kube's gcCheckPeriod, 20 s) one pass plans from the cached Pods and Nodes (podGcPlan.ts) and
 * force-deletes what the plan names: terminated pods over `--terminated-pod-gc-threshold`,
 * terminating pods on out-of-service nodes, then (after the plan's quarantine, kube's 40 s, and a
 * live GET of the node answering 404) the pods of deleted nodes, and terminating pods that were
 * never scheduled.
 *
 * Contract
 * - Each delete is kube's markFailedAndDeletePod: a pod not yet Succeeded/Failed first gets its
 *   status patched to phase Failed (orphans also get the DisruptionTarget condition, reason
 *   DeletionByPodGC), then it is deleted with grace period 0 (uid precondition). A pod already
 *   gone (404) or replaced (409 on the uid) is skipped; other errors are logged, counted in
 *   `pod_gc_collector_force_delete_pod_errors_total` and retried by the next pass.
 * - No Events (kube's podgc writes none); the log says each force delete at info level.
 * - Deletes run at most `concurrency` at a time (kube starts them all at once).
 * Upstream: pkg/controller/podgc/gc_controller.go
 */
import { Conflict, NotFound, findResourceByKind } from '@miniplane/api';
import { metaTime } from '@miniplane/api/metaTime';
import type { NodeObject, Pod, PodCondition } from '@miniplane/api/pod/types';
import type { ResourceClient, SharedInformer } from '@miniplane/client';
import { describe } from '../workerLoop.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import type { PodGcMetrics } from './metrics.js';
import { failedStatus, orphanCondition, orphansOn, planPodGc, type PodGcReason } from './podGcPlan.js';

export const podGcControllerName = 'pod-garbage-collector';
/** kube's gcCheckPeriod and quarantineTime, and --terminated-pod-gc-threshold's default. */
export const defaultPodGcPeriodMs = 20_000;
export const defaultPodGcQuarantineMs = 40_000;
export const defaultTerminatedPodGcThreshold = 12_500;
const passKey = 'podgc';

export interface PodGcControllerOptions extends ControllerShellOptions {
  pods: SharedInformer<Pod>;
  nodes: SharedInformer<NodeObject>;
  /** --terminated-pod-gc-threshold (default 12500; 0 turns the terminated-pod collection off). */
  terminatedPodThreshold?: number;
  periodMs?: number;
  quarantineMs?: number;
  /** Deletes in flight at once (default 20). */
  concurrency?: number;
  metrics?: PodGcMetrics;
}

/** One pass at start, then every `periodMs` after the last. */
export class PodGcController extends WorkQueueController {
  private readonly podClient: ResourceClient<Pod>;
  private readonly nodeClient: ResourceClient<NodeObject>;
  private quarantine = new Map<string, number>();

  constructor(private readonly o: PodGcControllerOptions) {
    super(o, { queueName: 'pod_garbage_collector', pass: { key: passKey, everyMs: o.periodMs ?? defaultPodGcPeriodMs } });
    this.podClient = o.client.resource<Pod>(findResourceByKind('v1', 'Pod')!);
    this.nodeClient = o.client.resource<NodeObject>(findResourceByKind('v1', 'Node')!);
  }

  protected async sync(): Promise<void> {
    const now = this.clock.now();
    const pods = this.o.pods.store.list();
    const nodes = new Map(this.o.nodes.store.list().map((n) => [n.metadata.name!, n]));
    const plan = planPodGc({
      pods, nodes, now, quarantine: this.quarantine,
      terminatedPodThreshold: this.o.terminatedPodThreshold ?? defaultTerminatedPodGcThreshold,
      quarantineMs: this.o.quarantineMs ?? defaultPodGcQuarantineMs,
    });
    this.quarantine = plan.quarantine;
    const done = new Set(plan.deletes.map((d) => d.pod));
    const orphans = orphansOn(pods, await this.deletedNodes(plan.checkNodes)).filter((p) => !done.has(p));
    const nowText = metaTime(new Date(now));
    const work = [
      ...plan.deletes.map((d) => () => this.forceDelete(d.pod, d.reason)),
      ...orphans.map((p) => () => this.forceDelete(p, 'orphaned', orphanCondition(nowText))),
    ];
    if (work.length) this.log.info({ pods: work.length }, 'garbage collecting pods');
    await inBatches(work, this.o.concurrency ?? 20);
  }

  /** The quarantined nodes the apiserver answers 404 for (kube's discoverDeletedNodes). */
  private async deletedNodes(names: readonly string[]): Promise<Set<string>> {
    const gone = new Set<string>();
    for (const name of names) {
      if (this.o.nodes.store.get(name)) continue;
      try {
        await this.nodeClient.get(name);
      } catch (err: unknown) {
        if (err instanceof NotFound) gone.add(name);
        else this.log.warn({ node: name, err: describe(err) }, 'error while getting node');
      }
    }
    return gone;
  }

  /** kube's markFailedAndDeletePodWithCondition. Never throws: errors are logged and counted. */
  private async forceDelete(pod: Pod, reason: PodGcReason, condition?: PodCondition): Promise<void> {
    const { namespace = '', name = '', uid } = pod.metadata;
    this.o.metrics?.recordDelete(namespace, reason);
    this.log.info({ pod: `${namespace}/${name}`, reason }, 'PodGC is force deleting Pod');
    try {
      const status = failedStatus(pod, condition);
      if (status) await this.podClient.patch(name, { metadata: { uid }, status }, 'strategic', { namespace, subresource: 'status' });
      await this.podClient.delete(name, { namespace, gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (err: unknown) {
      if (err instanceof NotFound || err instanceof Conflict) return;
      this.o.metrics?.recordError(namespace, reason);
      this.log.warn({ pod: `${namespace}/${name}`, reason, err: describe(err) }, 'force delete failed');
    }
  }
}

/** Runs the thunks, at most `size` at a time. */
async function inBatches(work: ReadonlyArray<() => Promise<void>>, size: number): Promise<void> {
  for (let i = 0; i < work.length; i += size) await Promise.all(work.slice(i, i + size).map((w) => w()));
}
