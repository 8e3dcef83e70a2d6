/**
 * SimulatedKubelet: one simulated node's kubelet. It registers its Node, renews its Lease in
 * `kube-node-lease`, and plays the pods bound to it (planPod), through the API only. The
 * informers and the pod work queue are shared by every kubelet of the process (startNodes).
 *
 * Contract
 * - `register()`: creates the Node with its status, or (it exists: a restart) merges the labels
 *   and rewrites the status; then creates or renews its Lease (holder = node name, 40 s, owned
 *   by the Node). `renewLease()` renews it (startNodes calls it every 10 s).
 * - `podCIDRChanged(cidrs, pods)`: a new allocator per podCIDR of the node (`spec.podCIDRs`: one,
 *   or an IPv4 and an IPv6 one on a dual-stack cluster), first rebuilt from the pod IPs in the
 *   statuses of `pods` (so a restart never hands out an address in use).
 * - `syncPod(pod)`: allocates (or keeps) the pod's IP from every podCIDR (`status.podIPs` in the
 *   podCIDRs' order, `podIP` the first), writes the planned status (a JSON patch
 *   of the status subresource testing the pod's uid, as kube's status manager patches), sends the
 *   planned Events, deletes a terminating pod with grace period 0 (uid precondition) once its
 *   grace period is over; returns when to look at the pod again (ms from now), if ever.
 * - `podGone(pod)` releases its IP and drops its logs. The IP is released only when the pod object
 *   is gone, so it is never reused while the pod exists.
 * - Container logs (with `logs`): the lifecycle lines of containerLogLines.ts, appended just before
 *   the status saying it is written (once each); the exit lines when the grace period is over. `register()` first
 *   starts the kubelet's log endpoint (kubeletServer.ts) and publishes it on the Node:
 *   `status.daemonEndpoints.kubeletEndpoint.Port` and the annotation `miniplane.dev/kubelet-endpoint`
 *   (its loopback URL, which the apiserver's `pods/log` proxies to); `stopServing()` closes it
 *   (a stopped kubelet is unreachable).
 * Upstream: pkg/kubelet/kubelet.go (syncPod, registerWithAPIServer), pkg/kubelet/nodelease
 */
import { Conflict, NotFound, AlreadyExists, findResourceByKind } from '@miniplane/api';
import { metaTime } from '@miniplane/api/metaTime';
import { kubeletEndpointAnnotation } from '@miniplane/api/pod/podLogOptions';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import { EventRecorder, apiEventSink } from '@miniplane/controllers';
import { microTime, type Clock, type Lease, type Logger, type ResourceClient, type RestClient } from '@miniplane/client';
import { nodeManifest, nodeName, nodeStatus, type NodeResources } from './nodeObject.js';
import type { ContainerLogs } from './containerLog.js';
import { exitLines, planLogLines, type LogLine, type SeenState } from './containerLogLines.js';
import { KubeletServer } from './kubeletServer.js';
import { PodIPAllocator } from './podIPAllocator.js';
import { planPod } from './podStatusPlan.js';

export const kubeletComponent = 'kubelet';
export const nodeLeaseNamespace = 'kube-node-lease';
export const nodeLeaseDurationSeconds = 40;
export { kubeletEndpointAnnotation };

const nodeInfo = findResourceByKind('v1', 'Node')!;
const podInfo = findResourceByKind('v1', 'Pod')!;
const leaseInfo = findResourceByKind('coordination.k8s.io/v1', 'Lease')!;

export interface KubeletOptions {
  client: RestClient;
  index: number;
  /** The node's name when it is not `node-<index>` (a Node adopted through nodeControl). */
  name?: string;
  /** The Lease's duration (kubelet --node-lease-duration-seconds; default 40). */
  leaseDurationSeconds?: number;
  ip: string;
  resources: NodeResources;
  podReadyDelayMs: number;
  clock: Clock;
  logger: Logger;
  /** Where the containers' logs are kept; none: no logs and no log endpoint. */
  logs?: ContainerLogs;
  /** The pod `namespace/name` as the kubelet's informer holds it (for the log endpoint). */
  pod?(namespace: string, name: string): Pod | undefined;
}

export class SimulatedKubelet {
  readonly name: string;
  private readonly nodes: ResourceClient<NodeObject>;
  private readonly pods: ResourceClient<Pod>;
  private readonly leases: ResourceClient<Lease>;
  private readonly recorder: EventRecorder;
  private allocators: PodIPAllocator[] = [];
  private nodeUID = '';
  private lease: Lease | undefined;
  /** Pod uid → what was already reported (Killing, FailedCreatePodSandBox). */
  private readonly reported = new Map<string, { killing: boolean; sandboxFailure: boolean }>();
  /** Pod uid → exact container start times (ms). */
  private readonly startedAt = new Map<string, Record<string, number>>();
  /** Pod uid → what its containers' log lines told so far. */
  private readonly logged = new Map<string, SeenState>();
  private readonly server: KubeletServer | undefined;

  constructor(private readonly o: KubeletOptions) {
    this.name = o.name ?? nodeName(o.index);
    this.nodes = o.client.resource<NodeObject>(nodeInfo);
    this.pods = o.client.resource<Pod>(podInfo);
    this.leases = o.client.resource<Lease>(leaseInfo, nodeLeaseNamespace);
    this.recorder = new EventRecorder({ sink: apiEventSink(o.client), component: kubeletComponent, host: this.name, clock: o.clock, logger: o.logger });
    if (o.logs) {
      const ours = (ns: string, name: string) => {
        const p = o.pod?.(ns, name);
        return p?.spec.nodeName === this.name ? p : undefined;
      };
      this.server = new KubeletServer({ pod: ours, logs: o.logs, clock: o.clock, logger: o.logger });
    }
  }

  get podCIDR(): string | undefined {
    return this.allocators[0]?.cidr.text;
  }

  /** The podCIDRs the pod IPs come from, as given to `podCIDRChanged`. */
  get podCIDRs(): string[] {
    return this.allocators.map((a) => a.cidr.text);
  }

  async register(): Promise<void> {
    await this.server?.start();
    const now = metaTime(this.o.clock.now());
    const manifest = nodeManifest(this.o.index, this.name);
    if (this.server) manifest.metadata.annotations = { ...manifest.metadata.annotations, [kubeletEndpointAnnotation]: this.server.url };
    const withPort = (s: NonNullable<NodeObject['status']>) => (this.server ? { ...s, daemonEndpoints: { kubeletEndpoint: { Port: this.server.port } } } : s);
    let node: NodeObject;
    try {
      node = await this.nodes.create({ ...manifest, status: withPort(nodeStatus(this.o.index, this.o.ip, this.o.resources, now, [], this.name)) });
    } catch (err: unknown) {
      if (!(err instanceof AlreadyExists)) throw err;
      const annotations = this.server ? { [kubeletEndpointAnnotation]: this.server.url } : undefined;
      node = await this.nodes.patch(this.name, { metadata: { labels: manifest.metadata.labels, annotations } }, 'merge');
      const status = withPort(nodeStatus(this.o.index, this.o.ip, this.o.resources, now, node.status?.conditions, this.name));
      node = await this.nodes.patch(this.name, { status }, 'merge', { subresource: 'status' });
    }
    this.nodeUID = node.metadata.uid ?? '';
    await this.renewLease();
  }

  async renewLease(): Promise<void> {
    const now = microTime(this.o.clock.now());
    const spec = { holderIdentity: this.name, leaseDurationSeconds: this.o.leaseDurationSeconds ?? nodeLeaseDurationSeconds, renewTime: now };
    if (this.lease) {
      try {
        this.lease = await this.leases.update({ ...this.lease, spec: { ...this.lease.spec, ...spec } });
        return;
      } catch (err: unknown) {
        if (!(err instanceof Conflict) && !(err instanceof NotFound)) throw err;
      }
    } else {
      try {
        this.lease = await this.leases.create({
          apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
          metadata: { name: this.name, namespace: nodeLeaseNamespace, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.name, uid: this.nodeUID }] },
          spec: { ...spec },
        });
        return;
      } catch (err: unknown) {
        if (!(err instanceof AlreadyExists)) throw err;
      }
    }
    // Our copy is stale (a restart, or someone else wrote it): renew the stored one.
    this.lease = undefined;
    const cur = await this.leases.get(this.name);
    this.lease = await this.leases.update({ ...cur, spec: { ...cur.spec, ...spec } });
  }

  podCIDRChanged(cidrs: readonly string[], pods: readonly Pod[]): void {
    if (cidrs.join() === this.podCIDRs.join()) return;
    this.allocators = cidrs.map((c) => new PodIPAllocator(c));
    for (const p of pods) {
      const ips = p.status?.podIPs?.length ? p.status.podIPs.map((x) => x.ip) : p.status?.podIP ? [p.status.podIP] : [];
      for (const ip of ips) {
        if (ip && p.metadata.uid && !this.allocators.some((a) => a.restore(p.metadata.uid!, ip))) {
          this.o.logger.warn({ pod: `${p.metadata.namespace}/${p.metadata.name}`, ip }, 'pod IP outside the podCIDR or taken; it gets a new one');
        }
      }
    }
  }

  /** One pass over a pod of this node; returns the delay before the next pass, if one is due. */
  async syncPod(pod: Pod): Promise<number | undefined> {
    const uid = pod.metadata.uid ?? '';
    const now = this.o.clock.now();
    const terminating = !!pod.metadata.deletionTimestamp;
    let podIPs: string[] | undefined;
    let ipError: string | undefined;
    if (this.allocators.length && (!terminating || this.allocators[0]!.holds(uid))) {
      const ips = this.allocators.map((a) => a.allocate(uid));
      const full = ips.findIndex((ip) => !ip);
      if (full < 0) podIPs = ips as string[];
      else ipError = `Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range ${full}: no IP addresses available in range set: ${this.allocators[full]!.describe()}`;
    }
    const reported = this.reported.get(uid) ?? { killing: false, sandboxFailure: false };
    const startedAtMs = this.startedAt.get(uid);
    const plan = planPod({ pod, hostIP: this.o.ip, podIP: podIPs?.[0], podIPs, ipError, now, podReadyDelayMs: this.o.podReadyDelayMs, reported, startedAtMs });
    const { namespace, name = '' } = pod.metadata;
    if (this.o.logs && (plan.status ?? pod.status)) {
      // Told before the status says it, as a process prints before its probe or the kubelet sees
      // it (so a pod server's first line never comes first); told once, even if the write fails.
      const told = planLogLines(pod, (plan.status ?? pod.status)!, this.logged.get(uid));
      this.logged.set(uid, told.seen);
      this.writeLog(uid, told.lines);
    }
    if (plan.status) {
      // As kube's status manager: a patch of the whole status with the pod's uid as precondition
      // (a JSON patch `test`: a pod recreated under the same name is refused, not overwritten), no
      // resourceVersion (the kubelet owns the status; other writers must not make it retry).
      const patch = [{ op: 'test', path: '/metadata/uid', value: uid }, { op: 'add', path: '/status', value: plan.status }];
      await this.pods.patch(name, patch, 'json', { namespace, subresource: 'status' });
      if (plan.started) this.startedAt.set(uid, { ...startedAtMs, ...plan.started });
    }
    for (const e of plan.events) {
      if (e.reason === 'Killing') reported.killing = true;
      if (e.reason === 'FailedCreatePodSandBox') reported.sandboxFailure = true;
      void this.recorder.event(pod, e.type, e.reason, e.message, e.fieldPath);
    }
    if (ipError === undefined) reported.sandboxFailure = false;
    this.reported.set(uid, reported);
    if (plan.deleteAt !== undefined) {
      if (now < plan.deleteAt) return plan.deleteAt - now;
      if (this.o.logs && !this.o.logs.stopped(uid, pod.spec.containers[0]?.name ?? '')) {
        this.writeLog(uid, exitLines(pod));
        this.o.logs.stopPod(uid);
      }
      try {
        await this.pods.delete(name, { namespace, gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (err: unknown) {
        if (!(err instanceof NotFound) && !(err instanceof Conflict)) throw err;
      }
      return undefined;
    }
    return plan.requeueAt !== undefined ? Math.max(0, plan.requeueAt - now) : undefined;
  }

  /** Resolves once the Events sent so far are written. */
  flush(): Promise<void> {
    return this.recorder.flush();
  }

  podGone(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    for (const a of this.allocators) a.release(uid);
    this.reported.delete(uid);
    this.startedAt.delete(uid);
    this.logged.delete(uid);
    this.o.logs?.dropPod(uid);
  }

  /** Closes the log endpoint (a stopped or gone kubelet); `register()` opens it again. */
  stopServing(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }

  private writeLog(uid: string, lines: readonly LogLine[]): void {
    for (const l of lines) this.o.logs!.append(uid, l.container, l.text);
  }
}
