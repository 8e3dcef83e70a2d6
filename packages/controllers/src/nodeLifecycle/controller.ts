/**
 * The node lifecycle controller (kube's `node-lifecycle-controller` with taint-based eviction):
 * every `monitorPeriodMs` (kube's --node-monitor-period, 5 s) and on node changes, one pass over
 * the cached Nodes, Leases (kube-node-lease) and Pods carries out nodeLifecyclePlan.ts:
 * - a node not heard of for `gracePeriodMs` (--node-monitor-grace-period, 40 s) gets its
 *   conditions Unknown (status write), and the pods on it their Ready condition False;
 * - each node's not-ready / unreachable / unschedulable taints follow its Ready condition and
 *   spec.unschedulable (merge patch of spec.taints carrying the node's resourceVersion);
 * - pods on a node with NoExecute taints they do not tolerate, or whose tolerationSeconds ran
 *   out, are deleted (gracefully) after a `TaintManagerEviction` Event "Marking for deletion Pod
 *   ns/name"; their controllers replace them.
 * Writes that conflict are retried by the next pass.
 * Upstream: pkg/controller/nodelifecycle/node_lifecycle_controller.go,
 * pkg/controller/tainteviction/taint_eviction.go, pkg/controller/util/node (MarkPodsNotReady)
 */
import { NotFound, findResourceByKind, type KubeObject } from '@miniplane/api';
import { metaTime } from '@miniplane/api/metaTime';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import {
  RateLimitingWorkQueue, realClock, silentLogger,
  type Clock, type HandlerRegistration, type Logger, type ResourceClient, type RestClient, type SharedInformer,
} from '@miniplane/client';
import { EventRecorder, apiEventSink } from '../eventRecorder.js';
import { runWorker } from '../workerLoop.js';
import { planEvictions, planNodeHealth, planNodeTaints } from './nodeLifecyclePlan.js';

export const nodeLifecycleControllerName = 'node-lifecycle-controller';
const passKey = 'nodes';

export interface NodeLifecycleControllerOptions {
  client: RestClient;
  nodes: SharedInformer<NodeObject>;
  leases: SharedInformer<KubeObject>;
  pods: SharedInformer<Pod>;
  /** --node-monitor-grace-period (default 40 s). */
  gracePeriodMs?: number;
  /** --node-monitor-period (default 5 s). */
  monitorPeriodMs?: number;
  identity?: string;
  clock?: Clock;
  logger?: Logger;
}

export class NodeLifecycleController {
  private readonly queue: RateLimitingWorkQueue<string>;
  private readonly nodeClient: ResourceClient<NodeObject>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly clock: Clock;
  private registration: HandlerRegistration | undefined;
  private worker: Promise<void> | undefined;

  constructor(private readonly o: NodeLifecycleControllerOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.logger ?? silentLogger;
    this.queue = new RateLimitingWorkQueue<string>({ name: 'node_lifecycle_controller', clock: this.clock });
    this.nodeClient = o.client.resource<NodeObject>(findResourceByKind('v1', 'Node')!);
    this.podClient = o.client.resource<Pod>(findResourceByKind('v1', 'Pod')!);
    this.recorder = new EventRecorder({ sink: apiEventSink(o.client), component: nodeLifecycleControllerName, host: o.identity, clock: this.clock, logger: this.log });
  }

  async start(): Promise<void> {
    if (this.worker) return;
    const pass = () => this.queue.add(passKey);
    this.registration = this.o.nodes.addEventHandler({ onAdd: pass, onUpdate: pass, onDelete: pass });
    pass();
    this.worker = runWorker({ queue: this.queue, sync: () => this.pass(), logger: this.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.registration?.remove();
    await this.worker;
    await this.recorder.flush();
  }

  private async pass(): Promise<void> {
    const now = this.clock.now();
    const nowText = metaTime(new Date(now));
    const period = this.o.monitorPeriodMs ?? 5000;
    let next = now + period;
    const errors: Error[] = [];
    const podsByNode = new Map<string, Pod[]>();
    for (const p of this.o.pods.store.list()) {
      if (p.spec.nodeName) podsByNode.set(p.spec.nodeName, [...(podsByNode.get(p.spec.nodeName) ?? []), p]);
    }
    for (const cached of this.o.nodes.store.list()) {
      const name = cached.metadata.name!;
      try {
        let node = cached;
        const lease = this.o.leases.store.get(`kube-node-lease/${name}`) as { spec?: { renewTime?: string } } | undefined;
        const conditions = planNodeHealth(node, lease?.spec?.renewTime, now, this.o.gracePeriodMs ?? 40_000, nowText);
        const pods = podsByNode.get(name) ?? [];
        if (conditions) {
          node = await this.nodeClient.updateStatus({ ...node, status: { ...node.status, conditions } });
          this.log.info({ node: name }, 'node status unknown');
          await this.markPodsNotReady(pods, nowText);
        }
        const taints = planNodeTaints(node, nowText);
        if (taints) node = await this.nodeClient.patch(name, { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints } }, 'merge');
        const evictions = planEvictions(node, pods, now);
        for (const pod of evictions.evict) await this.evict(pod);
        if (evictions.nextAt !== undefined) next = Math.min(next, evictions.nextAt);
      } catch (err: unknown) {
        if (!(err instanceof NotFound)) errors.push(new Error(`Node ${name}: ${String(err)}`));
      }
    }
    this.queue.addAfter(passKey, Math.max(50, next - now));
    if (errors.length) throw new AggregateError(errors, `node-lifecycle: ${errors.length} node(s) failed`);
  }

  /** kube's MarkPodsNotReady: the Ready condition of each pod on the node goes False. */
  private async markPodsNotReady(pods: readonly Pod[], nowText: string): Promise<void> {
    for (const pod of pods) {
      const conditions = pod.status?.conditions ?? [];
      if (!conditions.some((c) => c.type === 'Ready' && c.status !== 'False')) continue;
      const next = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const, lastTransitionTime: nowText } : c));
      await this.podClient.updateStatus({ ...pod, status: { ...pod.status, conditions: next } }).catch((err: unknown) => this.log.debug({ err: String(err) }, 'pod not-ready write failed'));
    }
  }

  private async evict(pod: Pod): Promise<void> {
    const ns = pod.metadata.namespace!;
    void this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${pod.metadata.name}`);
    try {
      await this.podClient.delete(pod.metadata.name!, { namespace: ns, preconditions: { uid: pod.metadata.uid } });
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
    }
  }
}
