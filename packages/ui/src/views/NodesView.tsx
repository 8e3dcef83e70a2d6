/**
 * Pods grouped by Node: each node's zone, podCIDR(s) and Ready condition, then its pods with
 * phase, readiness, IP and controlling owner; unscheduled pods last. Text only (Preact escapes).
 *
 * Cheap at 10,000 pods: the grouping is kept event by event (store/podIndexFeed.ts), a node's card
 * re-renders only when its own pods changed (memo, by the group's version), its list is
 * virtualised (VirtualList: only the rows in view are in the DOM) and a row is one line of
 * fixed-width cells with one clip (the name's, in full in its title): little for the browser to lay
 * out or clip per row. A pod's name opens its panel.
 */
import { nodeGroups, type NodeGroup, type PodRow } from '../model/podsByNode.js';
import type { Node } from '../model/kube.js';
import { useCollections } from '../store/hooks.js';
import { podIndexOf } from '../store/podIndexFeed.js';
import { select } from '../store/selection.js';
import { memo } from './memo.js';
import { cellText, VirtualList } from './VirtualList.js';

const podRowHeight = 18;
/** Rows shown per node before its list scrolls. */
const podRowsShown = 12;
/** A node's list is drawn whole up to this many pods (the seed demo's 250 over 3 nodes), windowed past it. */
const wholeUpTo = 100;
/** Characters of the phase and IP cells (ui.css widths); longer text (Terminating, IPv6) is cut, in full in its title. */
const phaseChars = 9;
const ipChars = 14;

export function NodesView() {
  const store = useCollections('pods', 'nodes');
  const index = podIndexOf(store);
  const groups = nodeGroups(store.get<Node>('nodes').values(), index);
  return (
    <section class="nodes" aria-label="Pods by Node">
      <h2>
        Pods by Node <span class="count">{index.size}</span>
      </h2>
      {groups.map((g) => (
        <NodeCard key={g.nodeName ?? ''} group={g} version={index.groupVersion(g.nodeName)} header={headerKey(g)} />
      ))}
    </section>
  );
}

const headerKey = (g: NodeGroup): string => `${g.ready}|${g.zone}|${g.podCIDRs.join(',')}|${g.known}`;

type CardProps = { group: NodeGroup; version: number; header: string };

/** Re-rendered only when the node's pods (`version`) or its header facts (`header`) changed: `group` is a new object every time. */
const NodeCard = memo(function NodeCard({ group }: CardProps) {
  const ready = group.ready === 'True';
  const pods = group.pods;
  return (
    <article class="node" data-name={group.nodeName ?? ''}>
      <header>
        <span class="name">{group.nodeName ?? 'unscheduled'}</span>
        {group.nodeName && <span class={`node-ready ${ready ? 'ok' : 'bad'}`}>{ready ? 'Ready' : `Ready=${group.ready ?? 'Unknown'}`}</span>}
        {group.zone && <span class="zone">{group.zone}</span>}
        {group.podCIDRs.length > 0 && <span class="cidr">{group.podCIDRs.join(', ')}</span>}
        <span class="count">{pods.length}</span>
      </header>
      <VirtualList class="pods" label={`Pods on ${group.nodeName ?? 'no node'}`} count={pods.length} rowHeight={podRowHeight} height={podRowHeight * podRowsShown} virtualizeAbove={wholeUpTo} renderRow={(i) => podLine(pods[i])} />
    </article>
  );
}, (a: CardProps, b: CardProps) => a.version === b.version && a.header === b.header);

/** `pods` is the index's array, updated in place between renders: a row scrolled to before the card re-renders may be gone. */
const podLine = (p: PodRow | undefined) => (p ? <PodLine key={`${p.namespace}/${p.name}`} p={p} /> : null);

const PodLine = memo(function PodLine({ p }: { p: PodRow }) {
  const name = `${p.namespace}/${p.name}`;
  const phase = p.terminating ? 'Terminating' : p.phase;
  return (
    <div class="pod" role="listitem" data-namespace={p.namespace} data-name={p.name} data-ready={String(p.ready)} data-phase={p.phase}>
      <button type="button" class="pod-name" title={name} onClick={() => select({ kind: 'Pod', key: name })}>
        {name}
      </button>
      <span class="phase" title={phase}>{cellText(phase, phaseChars)}</span>
      <span class={`readiness ${p.ready ? 'ok' : 'bad'}`}>{p.ready ? 'ready' : 'not ready'}</span>
      <span class="ip" title={p.ip}>{cellText(p.ip, ipChars)}</span>
      <span class="owner">{p.owner ?? ''}</span>
    </div>
  );
});
