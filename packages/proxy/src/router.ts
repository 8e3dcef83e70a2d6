/**
 * The proxy's routing state over the current table: which endpoint a new connection (or UDP flow)
 * goes to, and from which source address, with the state kube-proxy keeps per Service port
 * (ClientIP affinity entries, the round-robin position).
 *
 * Contract
 * - `sync(table)` swaps the table; state of Service ports no longer in it is dropped.
 * - `pick(frontend, client)`: endpointPick.ts's choice, its state stored; undefined: reject.
 * - `source(frontend, endpoint, client)`, the forwarded connection's local address: a ClusterIP
 *   keeps the client's when it is a pod IP (in the cluster CIDR), or when no cluster CIDR is set;
 *   another source is masqueraded to the proxy's node IP (KUBE-SVC's `! -s <clusterCIDR> -j
 *   KUBE-MARK-MASQ`; serviceTable.ts `masquerade`); NodePort and external IPs with
 *   externalTrafficPolicy Local keep the client's; with Cluster they are masqueraded: the
 *   receiving node's IP (NodePort) or the endpoint's node IP (LoadBalancer and external IPs: the
 *   node the load balancer sent it to).
 * Upstream: pkg/proxy/iptables/proxier.go (KUBE-MARK-MASQ, KUBE-SVC/KUBE-EXT chains)
 */
import { pickEndpoint, type AffinityEntry, type ProxyMode } from './endpointPick.js';
import { inCIDRs, nodeOfAddress, type ClientNode, type Frontend, type ProxyEndpoint, type ProxyTable } from './serviceTable.js';

interface PortState {
  rr: number;
  affinity: Map<string, AffinityEntry>;
}

export interface RouterOptions {
  mode: ProxyMode;
  random: () => number;
  now: () => number;
}

export class Router {
  private table: ProxyTable = { frontends: new Map(), nodeIPs: new Map(), podCIDRs: [] };
  private readonly state = new Map<string, PortState>();

  constructor(private readonly o: RouterOptions) {}

  sync(table: ProxyTable): void {
    this.table = table;
    const ports = new Set([...table.frontends.values()].map((f) => f.servicePort));
    for (const k of this.state.keys()) if (!ports.has(k)) this.state.delete(k);
  }

  frontend(key: string): Frontend | undefined {
    return this.table.frontends.get(key);
  }

  /** The node and zone of a ClusterIP client with a pod IP (undefined otherwise). */
  clientNode(f: Frontend, client: string): ClientNode | undefined {
    return f.kind === 'cluster' ? nodeOfAddress(this.table, client) : undefined;
  }

  pick(f: Frontend, client: string): ProxyEndpoint | undefined {
    let s = this.state.get(f.servicePort);
    if (!s) this.state.set(f.servicePort, (s = { rr: 0, affinity: new Map() }));
    const now = this.o.now();
    const from = this.clientNode(f, client);
    const p = pickEndpoint({ frontend: f, mode: this.o.mode, client, now, random: this.o.random, affinity: s.affinity.get(client), rr: s.rr, ...(from ? { from } : {}) });
    if (p.rr !== undefined) s.rr = p.rr;
    if (p.affinity) s.affinity.set(client, p.affinity);
    return p.endpoint;
  }

  source(f: Frontend, e: ProxyEndpoint, client: string): string {
    if (f.kind === 'cluster') {
      const m = this.table.masquerade;
      return m?.nodeIP && !inCIDRs(m.clusterCIDRs, client) ? m.nodeIP : client;
    }
    if (f.policy === 'Local') return client;
    if (f.kind === 'nodePort') return f.nodeIP ?? client;
    return this.table.nodeIPs.get(e.node) ?? client;
  }
}
