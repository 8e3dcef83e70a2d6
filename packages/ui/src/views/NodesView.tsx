/**
 * Pods grouped by Node: each node's zone, podCIDR(s) and Ready condition, then its pods with
 * phase, readiness, IP and controlling owner; unscheduled pods last. Text only (Preact escapes).
 */
import { podsByNode, type NodeGroup } from '../model/podsByNode.js';
import type { Node, Pod } from '../model/kube.js';
import { useCollections } from '../store/hooks.js';

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
      <table class="pods">
        <tbody>
          {group.pods.map((p) => (
            <tr key={`${p.namespace}/${p.name}`} class="pod" data-namespace={p.namespace} data-name={p.name} data-ready={String(p.ready)} data-phase={p.phase}>
              <td class="pod-name">{`${p.namespace}/${p.name}`}</td>
              <td class="phase">{p.terminating ? 'Terminating' : p.phase}</td>
              <td class={`readiness ${p.ready ? 'ok' : 'bad'}`}>{p.ready ? 'ready' : 'not ready'}</td>
              <td class="ip">{p.ip}</td>
              <td class="owner">{p.owner ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
