/**
 * The node lifecycle controller (kube's `node-lifecycle-controller` with taint-based eviction):
 * every `monitorPeriodMs` (kube's --node-monitor-period, 5 s) and on node changes, one pass over
 * the cached Nodes, Leases (kube-node-lease) and Pods carries out nodeLifecyclePlan.ts:
 * - a node not heard of for `gracePeriodMs` (--node-monitor-grace-period, 40 s) gets its
 *   conditions Unknown (status write), and the pods on it their Ready condition False;
 * - each node's not-ready / unreachable / unschedulable NoSchedule taints follow its Ready
 *   condition and spec.unschedulable at once (merge patch of spec.taints carrying the node's
 *   resourceVersion); its NoExecute taint is added through its zone's tainting queue, at the
 *   zone's rate (zoneDisruption.ts, evictionLimiter.ts: 0.1 node/s normally, less or none when
 *   the zone is partially disrupted, none and every NoExecute taint removed when every zone is
 *   fully disrupted), and removed at once when the node is Ready; zone state changes are logged;
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
import type { HandlerRegistration, ResourceClient, SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { definedOnly } from '../manager/leaderElected.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { needsNoExecuteTaint, planEvictions, planNodeHealth, planNodeTaints, type NoExecuteMode } from './nodeLifecyclePlan.js';
import { ZoneTaintQueue } from './evictionLimiter.js';
import type { NodeLifecycleMetrics } from './metrics.js';
import { defaultEvictionConfig, excludeDisruptionLabel, planDisruption, zoneKey, type EvictionConfig, type ZoneState } from './zoneDisruption.js';

export const nodeLifecycleControllerName = 'node-lifecycle-controller';
const passKey = 'nodes';

export interface NodeLifecycleControllerOptions extends ControllerShellOptions {
  nodes: SharedInformer<NodeObject>;
  leases: SharedInformer<KubeObject>;
  pods: SharedInformer<Pod>;
  /** --node-monitor-grace-period (default 40 s). */
  gracePeriodMs?: number;
  /** --node-startup-grace-period: for a node that never posted its Ready condition (default 60 s). */
  startupGracePeriodMs?: number;
  /** --node-monitor-period (default 5 s). */
  monitorPeriodMs?: number;
  /** --node-eviction-rate, --secondary-node-eviction-rate, --large-cluster-size-threshold, --unhealthy-zone-threshold (kube's defaults). */
  eviction?: Partial<EvictionConfig>;
  /** kube's node_collector_* metrics, when the manager has a registry. */
  metrics?: NodeLifecycleMetrics;
}

export class NodeLifecycleController extends WorkQueueController {
  private readonly nodeClient: ResourceClient<NodeObject>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly recorder: EventRecorder;
  private readonly eviction: EvictionConfig;
  private zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, ZoneTaintQueue>();

  constructor(private readonly o: NodeLifecycleControllerOptions) {
    super(o, { queueName: 'node_lifecycle_controller', pass: { key: passKey } });
    this.nodeClient = o.client.resource<NodeObject>(findResourceByKind('v1', 'Node')!);
    this.podClient = o.client.resource<Pod>(findResourceByKind('v1', 'Pod')!);
    this.recorder = this.eventRecorder(nodeLifecycleControllerName);
    this.eviction = { ...defaultEvictionConfig, ...definedOnly(o.eviction ?? {}) };
  }

  protected override handlers(): HandlerRegistration[] {
    const pass = () => this.queue.add(passKey);
    return [this.o.nodes.addEventHandler({ onAdd: pass, onUpdate: pass, onDelete: pass })];
  }

  protected override stopped(): Promise<void> {
    return this.recorder.flush();
  }

  /** One pass over the cached Nodes; the next is queued for when it is due. */
  protected async sync(): Promise<void> {
    const now = this.clock.now();
    const nowText = metaTime(new Date(now));
    const period = this.o.monitorPeriodMs ?? 5000;
    let next = now + period;
    const errors: Error[] = [];
    const podsByNode = new Map<string, Pod[]>();
    for (const p of this.o.pods.store.list()) {
      if (p.spec.nodeName) podsByNode.set(p.spec.nodeName, [...(podsByNode.get(p.spec.nodeName) ?? []), p]);
    }
    const failed = (name: string, err: unknown) => {
      if (!(err instanceof NotFound)) errors.push(new Error(`Node ${name}: ${String(err)}`));
    };
    // 1. health, and each zone's Ready statuses
    const nodes = new Map<string, NodeObject>();
    const zones = new Map<string, (string | undefined)[]>();
    for (const cached of this.o.nodes.store.list()) {
      const name = cached.metadata.name!;
      try {
        let node = cached;
        const lease = this.o.leases.store.get(`kube-node-lease/${name}`) as { spec?: { renewTime?: string } } | undefined;
        const conditions = planNodeHealth(node, lease?.spec?.renewTime, now, this.o.gracePeriodMs ?? 40_000, nowText, this.o.startupGracePeriodMs ?? 60_000);
        if (conditions) {
          node = await this.nodeClient.updateStatus({ ...node, status: { ...node.status, conditions } });
          this.log.info({ node: name }, 'node status unknown');
          await this.markPodsNotReady(podsByNode.get(name) ?? [], nowText);
        }
        nodes.set(name, node);
        if (node.metadata.labels?.[excludeDisruptionLabel] === undefined) {
          const zone = zoneKey(node);
          zones.set(zone, [...(zones.get(zone) ?? []), node.status?.conditions?.find((c) => c.type === 'Ready')?.status]);
        }
      } catch (err: unknown) {
        failed(name, err);
      }
    }
    // 2. zone states and tainting rates (kube's handleDisruption)
    const disruption = this.applyDisruption(zones, now);
    // 3. NoSchedule taints, instant swaps and removals; not-Ready nodes queue for NoExecute
    for (const [name, node] of nodes) {
      try {
        await this.retaint(nodes, node, nowText, disruption ? 'remove' : 'keep');
        const tainter = this.tainter(zoneKey(node), now);
        if (needsNoExecuteTaint(nodes.get(name)!)) tainter.add(name);
        else tainter.remove(name);
      } catch (err: unknown) {
        failed(name, err);
      }
    }
    // 4. the NoExecute taints each zone's rate lets through
    for (const [zone, tainter] of this.tainters) {
      for (const name of tainter.take(now)) {
        const node = nodes.get(name);
        if (!node || !needsNoExecuteTaint(node)) continue;
        try {
          await this.retaint(nodes, node, nowText, 'add');
          this.o.metrics?.recordEviction(zone);
        } catch (err: unknown) {
          tainter.add(name); // tried again at the next token
          failed(name, err);
        }
      }
      const at = tainter.nextAt(now);
      if (at !== undefined) next = Math.min(next, at);
    }
    // 5. taint-based eviction of the pods
    for (const [name, node] of nodes) {
      try {
        const evictions = planEvictions(node, podsByNode.get(name) ?? [], now);
        for (const pod of evictions.evict) await this.evict(pod);
        if (evictions.nextAt !== undefined) next = Math.min(next, evictions.nextAt);
      } catch (err: unknown) {
        failed(name, err);
      }
    }
    this.queue.addAfter(passKey, Math.max(50, next - now));
    if (errors.length) throw new AggregateError(errors, `node-lifecycle: ${errors.length} node(s) failed`);
  }

  /** Zone states and rates for this pass; true when every zone just became fully disrupted. */
  private applyDisruption(zones: ReadonlyMap<string, (string | undefined)[]>, now: number): boolean {
    const plan = planDisruption(this.zoneStates, zones, this.eviction);
    this.o.metrics?.recordZones(zones, this.eviction.unhealthyZoneThreshold);
    for (const [zone, state] of plan.states) {
      if (this.zoneStates.get(zone) !== state) this.log.info({ zone, state }, 'zone is now in new state');
    }
    this.zoneStates = plan.states;
    for (const [zone, rate] of plan.rates) this.tainter(zone, now).swapRate(rate, now);
    for (const zone of this.tainters.keys()) if (!zones.has(zone)) this.tainters.delete(zone);
    if (plan.markAllReachable) {
      this.log.warn({ zones: plan.states.size }, 'every node is not Ready: entering master disruption mode, evictions stopped');
      for (const t of this.tainters.values()) t.clear();
    }
    return plan.markAllReachable;
  }

  /** A zone's tainting queue, made at the normal rate when first seen (kube's addPodEvictorForNewZone). */
  private tainter(zone: string, now: number): ZoneTaintQueue {
    let t = this.tainters.get(zone);
    if (!t) this.tainters.set(zone, (t = new ZoneTaintQueue(this.eviction.evictionQPS, now)));
    return t;
  }

  private async retaint(nodes: Map<string, NodeObject>, node: NodeObject, nowText: string, mode: NoExecuteMode): Promise<void> {
    const taints = planNodeTaints(node, nowText, mode);
    if (!taints) return;
    const name = node.metadata.name!;
    nodes.set(name, await this.nodeClient.patch(name, { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints } }, 'merge'));
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
