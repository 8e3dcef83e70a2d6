/**
 * The garbage collector (kube's `garbage-collector-controller`): deletes objects whose owners are
 * gone and carries out the Foreground and Orphan propagation the apiserver records as finalizers.
 *
 * Contract
 * - Watches every kind of `gcKinds()` that is served and keeps an OwnerGraph of them.
 * - Queue keys: `D:<node>` (a dependent to check: on add, on an ownerReferences change, when an
 *   owner goes) and `O:<node>` (an owner being deleted with `orphan` or `foregroundDeletion`).
 * - An owner missing from the graph is looked up by name with a GET (the informers may lag) and
 *   counts as absent when not found or found with another uid; owners known gone (deleted with
 *   dependents, or looked up absent) are remembered (absentOwners.ts) and never looked up again. Deletes carry a uid
 *   precondition; patches carry the resourceVersion they were computed from (409: retried).
 * - A namespaced owner named from another namespace (its uid known there) or a namespaced kind
 *   named by a cluster-scoped dependent gives a Warning `OwnerRefInvalidNamespace` Event.
 * Upstream: pkg/controller/garbagecollector/garbagecollector.go, graph_builder.go
 */
import { NotFound, findResourceByKind, resources, type KubeObject, type ResourceInfo } from '@miniplane/api';
import type { HandlerRegistration, SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { foregroundFinalizer, planDependent, planOwner, waitsForDependents, type OwnerState } from './gcPlan.js';
import { planResync, sameOwnerRefs, unblockedOwners } from './graphChanges.js';
import { OwnerGraph, nodeKey, nodeOf, type GraphNode, type OwnerRef } from './ownerGraph.js';
import { AbsentOwners } from './absentOwners.js';

export const garbageCollectorName = 'garbage-collector-controller';

/** kube's default `--gc-ignored-resources`: Events are never owners worth a watch. */
const ignoredKinds = new Set(['v1/Event']);

/**
 * The kinds the collector watches: every served kind that can be listed, watched and deleted
 * (kube's GetDeletableResources), but the ignored ones.
 */
export function gcKinds(): (readonly [string, string])[] {
  return resources
    .filter((r) => ['delete', 'list', 'watch'].every((v) => r.verbs.includes(v)))
    .map((r) => [r.group ? `${r.group}/${r.version}` : r.version, r.kind] as const)
    .filter(([v, k]) => !ignoredKinds.has(`${v}/${k}`));
}

export interface GarbageCollectorOptions extends ControllerShellOptions {
  /** One informer per kind, keyed `apiVersion/Kind`. */
  informers: ReadonlyMap<string, SharedInformer>;
  workers?: number;
  /** How often the cached graph is checked again for missed events (default 30 s, kube's GC sync period; 0 = never). */
  resyncPeriodMs?: number;
}

const storeKey = (n: Pick<GraphNode, 'namespace' | 'name'>) => (n.namespace ? `${n.namespace}/${n.name}` : n.name);

export class GarbageCollector extends WorkQueueController {
  private readonly graph = new OwnerGraph();
  private readonly absent = new AbsentOwners();
  private readonly recorder: EventRecorder;

  constructor(private readonly o: GarbageCollectorOptions) {
    super(o, { queueName: 'garbage_collector_attempt_to_delete', workers: o.workers ?? 5, resyncPeriodMs: o.resyncPeriodMs ?? 30_000 });
    this.recorder = this.eventRecorder(garbageCollectorName);
  }

  /** One handler per kind; the graph takes in each kind's cached objects as its handler is added. */
  protected override handlers(): HandlerRegistration[] {
    return [...this.o.informers].map(([kind, inf]) => {
      const registration = inf.addEventHandler({
        onAdd: (obj) => this.observe(kind, obj, undefined),
        onUpdate: (old, obj) => this.observe(kind, obj, old),
        onDelete: (obj) => this.gone(obj),
      });
      for (const obj of inf.store.list()) this.observe(kind, obj, undefined);
      return registration;
    });
  }

  protected override stopped(): Promise<void> {
    return this.recorder.flush();
  }

  /** Checks the cached graph again (graphChanges.ts planResync): converges missed events. */
  override resync(): void {
    const plan = planResync(this.graph.nodes(), (n) => this.storeHas(n), (uid) => this.graph.get(uid));
    for (const uid of plan.forget) this.gone({ metadata: { uid } });
    for (const d of plan.dependents) this.queue.add(`D:${nodeKey(d)}`);
    for (const o of plan.owners) this.queue.add(`O:${nodeKey(o)}`);
    if (plan.forget.length) this.log.info({ forgotten: plan.forget.length }, 'resync: objects gone from the caches');
  }

  private storeHas(n: GraphNode): boolean {
    const inf = this.o.informers.get(n.kind);
    return !inf || inf.store.get(storeKey(n))?.metadata.uid === n.uid;
  }

  private observe(kind: string, obj: KubeObject, old: KubeObject | undefined): void {
    const n = nodeOf(kind, obj);
    this.graph.observe(n);
    const refsChanged = !old || !sameOwnerRefs(old.metadata.ownerReferences, obj.metadata.ownerReferences);
    if (n.owners.length && (refsChanged || !!old?.metadata.deletionTimestamp !== n.deleting)) this.queue.add(`D:${nodeKey(n)}`);
    if (n.deleting && n.finalizers.some((f) => f === foregroundFinalizer || f === 'orphan')) this.queue.add(`O:${nodeKey(n)}`);
    // A blocking reference dropped or unblocked may free an owner waiting in Foreground.
    for (const uid of old && refsChanged ? unblockedOwners(old.metadata.ownerReferences ?? [], n.owners) : []) {
      const owner = this.graph.get(uid);
      if (owner && waitsForDependents(owner)) this.queue.add(`O:${nodeKey(owner)}`);
    }
  }

  private gone(obj: Pick<KubeObject, 'metadata'>): void {
    const uid = obj.metadata.uid!;
    const n = this.graph.get(uid);
    this.graph.forget(uid);
    const dependents = this.graph.dependentsOf(uid);
    if (dependents.length && n) this.absent.add(n.namespace, uid); // its dependents need not GET it again
    for (const d of dependents) this.queue.add(`D:${nodeKey(d)}`);
    for (const ref of n?.owners ?? []) {
      const owner = this.graph.get(ref.uid);
      if (owner && waitsForDependents(owner)) this.queue.add(`O:${nodeKey(owner)}`);
    }
  }

  /** The cached object of a node key, with the informer it came from. */
  private cached(key: string): { node: GraphNode; obj: KubeObject; info: ResourceInfo } | undefined {
    const node = this.graph.byNodeKey(key);
    if (!node) return undefined;
    const obj = this.o.informers.get(node.kind)?.store.get(storeKey(node)) as KubeObject | undefined;
    const [v, k] = splitKind(node.kind);
    const info = findResourceByKind(v, k);
    return obj && info && obj.metadata.uid === node.uid ? { node: nodeOf(node.kind, obj), obj, info } : undefined;
  }

  async sync(item: string): Promise<void> {
    const c = this.cached(item.slice(2));
    if (!c) return;
    if (item.startsWith('O:')) await this.syncOwner(c.node, c.obj, c.info);
    else await this.syncDependent(c.node, c.obj, c.info);
  }

  private async syncDependent(n: GraphNode, obj: KubeObject, info: ResourceInfo): Promise<void> {
    const states = new Map<string, OwnerState>();
    for (const ref of n.owners) states.set(ref.uid, await this.ownerState(n, obj, ref));
    const plan = planDependent(n, states, this.graph.dependentsOf(n.uid));
    const client = this.o.client.resource(info);
    const namespace = n.namespace || undefined;
    if (plan.action === 'delete' && plan.unblockOwners) {
      const owners = (obj.metadata.ownerReferences ?? []).map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r));
      await client.patch(n.name, { metadata: { resourceVersion: obj.metadata.resourceVersion, ownerReferences: owners } }, 'merge', { namespace });
    }
    if (plan.action === 'removeOwners') {
      const owners = (obj.metadata.ownerReferences ?? []).filter((r) => !plan.uids.includes(r.uid));
      await ignoreNotFound(client.patch(n.name, { metadata: { resourceVersion: obj.metadata.resourceVersion, ownerReferences: owners.length ? owners : null } }, 'merge', { namespace }));
    } else if (plan.action === 'delete') {
      this.log.debug({ key: nodeKey(n), policy: plan.propagationPolicy }, 'deleting object whose owners are gone');
      await ignoreNotFound(client.delete(n.name, { namespace, preconditions: { uid: n.uid }, propagationPolicy: plan.propagationPolicy }));
    }
  }

  private async ownerState(n: GraphNode, obj: KubeObject, ref: OwnerRef): Promise<OwnerState> {
    const info = findResourceByKind(ref.apiVersion, ref.kind);
    if (!info) return 'solid'; // a kind this server does not serve: kube cannot resolve it either
    if (info.namespaced && !n.namespace) {
      this.invalidNamespace(obj, ref, '');
      return 'solid'; // unresolvable: never collected
    }
    const namespace = info.namespaced ? n.namespace : '';
    if (this.absent.has(namespace, ref.uid)) return 'dangling';
    const known = this.graph.get(ref.uid);
    if (known) {
      if (known.namespace !== namespace) {
        this.invalidNamespace(obj, ref, namespace);
        return 'dangling';
      }
      return waitsForDependents(known) ? 'waiting' : 'solid';
    }
    try {
      const owner = await this.o.client.resource(info).get(ref.name, { namespace: namespace || undefined });
      if (owner.metadata.uid !== ref.uid) {
        this.absent.add(namespace, ref.uid);
        return 'dangling';
      }
      return owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(foregroundFinalizer) ? 'waiting' : 'solid';
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
      this.absent.add(namespace, ref.uid);
      return 'dangling';
    }
  }

  private invalidNamespace(obj: KubeObject, ref: OwnerRef, namespace: string): void {
    void this.recorder.event(obj, 'Warning', 'OwnerRefInvalidNamespace',
      `ownerRef [${ref.apiVersion}/${ref.kind}, namespace: ${namespace}, name: ${ref.name}, uid: ${ref.uid}] does not exist in namespace "${namespace}"`);
  }

  private async syncOwner(n: GraphNode, obj: KubeObject, info: ResourceInfo): Promise<void> {
    const plan = planOwner(n, this.graph.dependentsOf(n.uid));
    const namespace = n.namespace || undefined;
    if (plan.action === 'orphan') {
      for (const d of plan.release) {
        const c = this.cached(nodeKey(d));
        if (!c) continue;
        const owners = (c.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== n.uid);
        await ignoreNotFound(this.o.client.resource(c.info).patch(d.name, { metadata: { resourceVersion: c.obj.metadata.resourceVersion, ownerReferences: owners.length ? owners : null } }, 'merge', { namespace: d.namespace || undefined }));
      }
      this.queue.add(`O:${nodeKey(n)}`);
    } else if (plan.action === 'removeFinalizer') {
      const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== plan.finalizer);
      await ignoreNotFound(this.o.client.resource(info).patch(n.name, { metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers: finalizers.length ? finalizers : null } }, 'merge', { namespace }));
    } else if (plan.action === 'deleteDependents') {
      for (const d of plan.dependents) this.queue.add(`D:${nodeKey(d)}`);
    }
  }
}

function splitKind(kind: string): [string, string] {
  const i = kind.lastIndexOf('/');
  return [kind.slice(0, i), kind.slice(i + 1)];
}

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err: unknown) {
    if (!(err instanceof NotFound)) throw err;
  }
}
