/**
 * The node IPAM controller (kube's `node-ipam-controller` with the range allocator): keeps every
 * Node's `spec.podCIDR(s)` assigned from `--cluster-cidr`, as `planNodeIPAM` says.
 *
 * Contract
 * - One work-queue key: any Node added, changed in its podCIDRs, or deleted schedules one pass
 *   over the cache; passes never overlap; changes during a pass coalesce into one more.
 * - Writes: a merge patch of the Node setting `spec.podCIDR` and `spec.podCIDRs` (kube's
 *   PatchNodeCIDRs), carrying the planned-from resourceVersion (Conflict: the pass is retried).
 *   CIDRs this controller wrote are remembered until the cache shows them, so a lagging cache
 *   never gets one subnet handed out twice.
 * - A Node that cannot get a subnet gets one Normal Event `CIDRNotAvailable` ("Node n status is
 *   now: CIDRNotAvailable") per controller run, and is retried on every pass.
 * Upstream: pkg/controller/nodeipam/ipam/range_allocator.go
 */
import { findResourceByKind } from '@miniplane/api';
import type { NodeObject } from '@miniplane/api/pod/types';
import type { HandlerRegistration, ResourceClient, SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { planNodeIPAM, podCIDRsOf, type ClusterCIDR } from './nodeIpamPlan.js';

export const nodeIpamControllerName = 'node-ipam-controller';
const passKey = 'nodes';

export interface NodeIPAMControllerOptions extends ControllerShellOptions {
  nodes: SharedInformer<NodeObject>;
  clusterCIDRs: readonly ClusterCIDR[];
}

export class NodeIPAMController extends WorkQueueController {
  private readonly nodeClient: ResourceClient<NodeObject>;
  private readonly recorder: EventRecorder;
  /** Node name → the CIDRs we wrote, until the cache shows them. */
  private readonly written = new Map<string, string[]>();
  private readonly reported = new Set<string>();

  constructor(private readonly o: NodeIPAMControllerOptions) {
    super(o, { queueName: 'cidrallocator_node', pass: { key: passKey } });
    this.nodeClient = o.client.resource<NodeObject>(findResourceByKind('v1', 'Node')!);
    this.recorder = this.eventRecorder(nodeIpamControllerName);
  }

  protected override handlers(): HandlerRegistration[] {
    const changed = (a: NodeObject, b: NodeObject) => podCIDRsOf(a).join() !== podCIDRsOf(b).join();
    return [this.o.nodes.addEventHandler({
      onAdd: () => this.queue.add(passKey),
      onUpdate: (a, b) => void (changed(a, b) && this.queue.add(passKey)),
      onDelete: () => this.queue.add(passKey),
    })];
  }

  /** One pass over the cached Nodes. */
  protected async sync(): Promise<void> {
    const cached = this.o.nodes.store.list();
    const names = new Set(cached.map((n) => n.metadata.name!));
    for (const k of this.written.keys()) if (!names.has(k)) this.written.delete(k);
    const view = cached.map((n) => {
      const mine = this.written.get(n.metadata.name!);
      if (!mine) return n;
      if (podCIDRsOf(n).length) {
        this.written.delete(n.metadata.name!);
        return n;
      }
      return { ...n, spec: { ...n.spec, podCIDR: mine[0], podCIDRs: mine } };
    });
    const plan = planNodeIPAM(view, this.o.clusterCIDRs);
    const errors: Error[] = [];
    // Up to 16 patches in flight: each assignment is already reserved in `written` before it is sent.
    for (let at = 0; at < plan.assign.length; at += 16) {
      await Promise.all(plan.assign.slice(at, at + 16).map(async ({ node, podCIDRs }) => {
        const name = node.metadata.name!;
        this.written.set(name, podCIDRs);
        try {
          const patch = { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { podCIDR: podCIDRs[0], podCIDRs } };
          await this.nodeClient.patch(name, patch, 'merge');
          this.log.info({ node: name, podCIDRs }, 'podCIDR assigned');
        } catch (err: unknown) {
          this.written.delete(name);
          errors.push(new Error(`Node ${name}: ${String(err)}`));
        }
      }));
    }
    for (const node of plan.failed) {
      const name = node.metadata.name!;
      if (this.reported.has(name)) continue;
      this.reported.add(name);
      await this.recorder.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
    }
    if (errors.length) throw new AggregateError(errors, `node-ipam: ${errors.length} write(s) failed`);
  }
}
