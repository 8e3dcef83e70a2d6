/**
 * The API-visible controls of the simulated nodes (what `kubectl-lite sim node ...` writes), obeyed
 * by every nodes component (`miniplane nodes`, and `miniplane up`'s in-process one):
 *
 * - `miniplane.dev/kubelet: stopped` on a Node stops its kubelet: no more Lease renewals, no
 *   status, its pods are left as they are (the node lifecycle controller then marks the node
 *   Unknown after its grace period and evicts the pods later). Removing the annotation (or any
 *   other value) restarts it: it registers again (status Ready, heartbeat now), renews its Lease
 *   and syncs its pods.
 * - A Node labelled `miniplane.dev/simulated: "true"` that no kubelet plays is adopted by one
 *   component: it claims the Node with the annotation `miniplane.dev/kubelet-host: node-K` (K =
 *   its first node; a merge patch carrying the resourceVersion it saw, so two components never
 *   both win), then starts a kubelet for it with the node's InternalIP if it has one, else the
 *   lowest address of `--node-ip-range` no Node uses. A restarted component takes back the nodes
 *   it had claimed.
 * - A stopped kubelet's log endpoint is closed (`pods/log` then fails as for an unreachable
 *   kubelet); a restart opens it again.
 * - A deleted Node's kubelet stops and is forgotten (the machine is gone).
 *
 * Contract: `planNode` is pure (what to do about one observed Node); `NodeControl` carries it out
 * and holds which nodes are stopped. Nothing else of the kubelets changes.
 * Upstream: none (a miniplane demo control; kwok's equivalent is its Stage CRDs).
 */
import type { NodeObject } from '@miniplane/api/pod/types';
import type { ParsedCIDR } from '@miniplane/api/allocators/cidr';
import { Conflict, NotFound, findResourceByKind } from '@miniplane/api';
import type { Logger, RestClient } from '@miniplane/client';
import { nodeIP } from './nodeObject.js';
import type { SimulatedKubelet } from './kubelet.js';

export const kubeletAnnotation = 'miniplane.dev/kubelet';
export const simulatedLabel = 'miniplane.dev/simulated';
export const kubeletHostAnnotation = 'miniplane.dev/kubelet-host';
export const stoppedValue = 'stopped';

export type NodeAction = 'claim' | 'adopt' | 'stop' | 'restart' | undefined;

export interface NodeView {
  /** A kubelet of this component plays the node. */
  ours: boolean;
  /** That kubelet is stopped. */
  stopped: boolean;
  /** This component's claim value (`node-K`). */
  id: string;
}

/** What a component does about the Node `n` it observed. */
export function planNode(n: NodeObject, v: NodeView): NodeAction {
  const wantStopped = n.metadata.annotations?.[kubeletAnnotation] === stoppedValue;
  if (v.ours) {
    if (wantStopped && !v.stopped) return 'stop';
    if (!wantStopped && v.stopped) return 'restart';
    return undefined;
  }
  if (n.metadata.labels?.[simulatedLabel] !== 'true' || n.metadata.deletionTimestamp) return undefined;
  const host = n.metadata.annotations?.[kubeletHostAnnotation];
  if (host === undefined || host === '') return 'claim';
  return host === v.id ? 'adopt' : undefined;
}

/** The node's InternalIP, else the lowest address of `range` (index 1 upwards) no Node uses. */
export function addressFor(n: NodeObject, range: ParsedCIDR, used: ReadonlySet<string>): { ip: string; index: number } {
  const own = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  let free: { ip: string; index: number } | undefined;
  for (let index = 1; ; index++) {
    let ip: string;
    try {
      ip = nodeIP(range, index);
    } catch {
      break; // the range is exhausted
    }
    if (ip === own) return { ip, index };
    if (!free && !used.has(ip)) free = { ip, index };
    if (free && !own) return free;
  }
  if (free) return free;
  throw new Error(`--node-ip-range ${range.text} has no free address`);
}

export interface NodeControlOptions {
  id: string;
  client: RestClient;
  /** Aborted when the component stops: nothing more is started. */
  signal: AbortSignal;
  range: ParsedCIDR;
  kubelets: Map<string, SimulatedKubelet>;
  newKubelet(name: string, index: number, ip: string): SimulatedKubelet;
  /** Every Node the component's informer holds. */
  nodes(): NodeObject[];
  /** Called after a kubelet starts or restarts (its pods are queued, its podCIDR picked up). */
  started(n: NodeObject): void;
  logger: Logger;
}

const nodeInfo = findResourceByKind('v1', 'Node')!;

export class NodeControl {
  private readonly stopped = new Set<string>();
  private readonly busy = new Set<string>();

  constructor(private readonly o: NodeControlOptions) {}

  isStopped(name: string): boolean {
    return this.stopped.has(name);
  }

  /** Acts on an observed Node (one action per node at a time; later events see the result). */
  observe(n: NodeObject): void {
    const name = n.metadata.name ?? '';
    if (this.busy.has(name) || this.o.signal.aborted) return;
    const action = planNode(n, { ours: this.o.kubelets.has(name), stopped: this.stopped.has(name), id: this.o.id });
    if (!action) return;
    if (action === 'stop') {
      this.stopped.add(name);
      void this.o.kubelets.get(name)?.stopServing(); // unreachable, as a stopped kubelet
      this.o.logger.info({ node: name }, 'kubelet stopped');
      return;
    }
    this.busy.add(name);
    void this.act(action, n).catch((err: unknown) => {
      if (!(err instanceof Conflict) && !(err instanceof NotFound)) this.o.logger.warn({ node: name, action, err: String(err) }, 'node control failed');
    }).finally(() => {
      this.busy.delete(name);
      // what changed meanwhile (a claim won, a stop asked during a restart) is acted on now
      const now = this.o.nodes().find((x) => x.metadata.name === name);
      if (now) this.observe(now);
    });
  }

  /** The Node is gone: its kubelet goes with it. */
  gone(n: NodeObject): void {
    const name = n.metadata.name ?? '';
    void this.o.kubelets.get(name)?.stopServing();
    this.o.kubelets.delete(name);
    this.stopped.delete(name);
  }

  private async act(action: NonNullable<NodeAction>, n: NodeObject): Promise<void> {
    const name = n.metadata.name ?? '';
    if (action === 'claim') {
      const body = { metadata: { resourceVersion: n.metadata.resourceVersion, annotations: { [kubeletHostAnnotation]: this.o.id } } };
      await this.o.client.resource<NodeObject>(nodeInfo).patch(name, body, 'merge');
      return;
    }
    let kubelet = this.o.kubelets.get(name);
    if (action === 'adopt') {
      const used = new Set(this.o.nodes().flatMap((x) => (x.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address)));
      const { ip, index } = addressFor(n, this.o.range, used);
      kubelet = this.o.newKubelet(name, index, ip);
    }
    await kubelet!.register();
    this.o.kubelets.set(name, kubelet!);
    this.stopped.delete(name);
    this.o.logger.info({ node: name, action }, 'kubelet started');
    this.o.started(this.o.nodes().find((x) => x.metadata.name === name) ?? n);
  }
}
