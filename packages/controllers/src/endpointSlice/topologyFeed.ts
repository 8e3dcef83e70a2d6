/**
 * Feeds the EndpointSlice controller's TopologyCache from the Node informer (kube's
 * checkNodeTopologyDistribution): once at start, then on a Node added or deleted, or updated in
 * its Ready condition or zone label, the cache is given every cached Node and the Services whose
 * hints are now overloaded are queued.
 * Upstream: pkg/controller/endpointslice/endpointslice_controller.go (addNode, updateNode,
 * deleteNode, checkNodeTopologyDistribution)
 */
import type { NodeObject } from '@miniplane/api/pod/types';
import type { HandlerRegistration, Queue, SharedInformer } from '@miniplane/client';
import { zoneLabel } from './podEndpoints.js';
import type { TopologyCache } from './topologyCache.js';

export function feedTopology(nodes: SharedInformer<NodeObject>, cache: TopologyCache, queue: Queue<string>): HandlerRegistration {
  const check = (): void => {
    cache.setNodes(nodes.store.list());
    for (const key of cache.getOverloadedServices()) queue.add(key);
  };
  const ready = (n: NodeObject): boolean => (n.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status === 'True';
  check();
  return nodes.addEventHandler({
    onAdd: (_n, initial) => (initial ? undefined : check()),
    onUpdate: (old, n) => (ready(old) !== ready(n) || old.metadata.labels?.[zoneLabel] !== n.metadata.labels?.[zoneLabel] ? check() : undefined),
    onDelete: check,
  });
}
