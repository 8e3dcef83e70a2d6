/**
 * SchedulerCache: the node states the scheduler decides on, kept up to date from informer
 * events, with "assumed" pods: a pod counts on its node as soon as its binding succeeds, before
 * the informer shows it bound, so a burst never overcommits a node.
 *
 * Contract: `pod(p)` (add or update) counts a pod with a nodeName, replacing what was counted for
 * its key; `podGone(key)` un-counts it; `assume(p)` counts a just-bound pod; `nodesChanged()`
 * rebuilds every node state (nodes change rarely); `states` is what schedulePod reads.
 * Upstream: pkg/scheduler/backend/cache/cache.go (AssumePod, AddPod, UpdatePod, RemovePod)
 */
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import { metaNamespaceKey } from '@miniplane/client';
import { addPod, nodeStates, removePod, type NodeState } from './schedulePlan.js';

export class SchedulerCache {
  states = new Map<string, NodeState>();
  /** Pod key → the pod as counted (with its nodeName). */
  private readonly counted = new Map<string, Pod>();

  constructor(private readonly nodes: () => NodeObject[]) {}

  nodesChanged(): void {
    this.states = nodeStates(this.nodes(), this.counted.values());
  }

  pod(p: Pod): void {
    const key = metaNamespaceKey(p);
    if (!p.spec?.nodeName) {
      // An unbound update of a pod we assumed bound: keep the assumption until the binding shows.
      return;
    }
    this.podGone(key);
    this.counted.set(key, p);
    addPod(this.states, p);
  }

  assume(p: Pod): void {
    this.pod(p);
  }

  podGone(key: string): void {
    const old = this.counted.get(key);
    if (!old) return;
    this.counted.delete(key);
    removePod(this.states, old);
  }

  isAssumedOrBound(key: string): boolean {
    return this.counted.has(key);
  }
}
