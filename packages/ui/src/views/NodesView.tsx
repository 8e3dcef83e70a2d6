/**
 * Pods grouped by Node: each node's zone, podCIDR(s) and Ready condition, then its pods with
 * phase, readiness, IP and controlling owner; unscheduled pods last. Text only (Preact escapes).
 * Each node's pods are a virtualised list (only the rows in view are in the DOM: 10,000 pods stay
 * usable); a pod's name opens its panel (readiness flip, delete).
 */
import { podsByNode, type NodeGroup, type PodRow } from '../model/podsByNode.js';
import type { Node, Pod } from '../model/kube.js';
import { useCollections } from '../store/hooks.js';
import { select } from '../store/selection.js';
import { VirtualList } from './VirtualList.js';

const podRowHeight = 18;
/** Rows shown per node before its list scrolls. */
const podRowsShown = 12;

export function NodesView() {
  const store = useCollections('pods', 'nodes');
  const groups = podsByNode(store.get<Node>('nodes').values(), store.get<Pod>('pods').values());
  return (
    <section class="nodes" aria-label="Pods by Node">
      <h2>Pods by Node <span class="count">{store.get('pods').items.size}</span></h2>
      {groups.map((g) => (
        <NodeCard key={g.nodeName ?? ''} group={g} />
      ))}
    </section>
  );
}

function NodeCard({ group }: { group: NodeGroup }) {
  const ready = group.ready === 'True';
  return (
    <article class="node" data-name={group.nodeName ?? ''}>
      <header>
        <span class="name">{group.nodeName ?? 'unscheduled'}</span>
        {group.nodeName && <span class={`node-ready ${ready ? 'ok' : 'bad'}`}>{ready ? 'Ready' : `Ready=${group.ready ?? 'Unknown'}`}</span>}
        {group.zone && <span class="zone">{group.zone}</span>}
        {group.podCIDRs.length > 0 && <span class="cidr">{group.podCIDRs.join(', ')}</span>}
        <span class="count">{group.pods.length}</span>
      </header>
      <VirtualList class="pods" label={`Pods on ${group.nodeName ?? 'no node'}`} count={group.pods.length} rowHeight={podRowHeight} height={podRowHeight * podRowsShown} renderRow={(i) => <PodLine key={`${group.pods[i]!.namespace}/${group.pods[i]!.name}`} p={group.pods[i]!} />} />
    </article>
  );
}

function PodLine({ p }: { p: PodRow }) {
  return (
    <div class="pod" role="listitem" style={{ height: `${podRowHeight}px` }} data-namespace={p.namespace} data-name={p.name} data-ready={String(p.ready)} data-phase={p.phase}>
      <button type="button" class="pod-name" title="details" onClick={() => select({ kind: 'Pod', key: `${p.namespace}/${p.name}` })}>
        {`${p.namespace}/${p.name}`}
      </button>
      <span class="phase">{p.terminating ? 'Terminating' : p.phase}</span>
      <span class={`readiness ${p.ready ? 'ok' : 'bad'}`}>{p.ready ? 'ready' : 'not ready'}</span>
      <span class="ip">{p.ip}</span>
      <span class="owner">{p.owner ?? ''}</span>
    </div>
  );
}
