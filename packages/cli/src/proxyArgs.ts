/**
 * Parses `miniplane proxy` command lines (the proxy alone, against a running server) and the
 * proxy flags `miniplane up` shares with it. Pure: returns data, prints nothing. Flag names are
 * kube-proxy's.
 */
import { parseCIDR } from '@miniplane/api/allocators/cidr';
import { scanFlags } from './controllersArgs.js';

export interface ProxyFlags {
  /** Set only when given: `--proxy-mode iptables|ipvs` (default iptables). */
  proxyMode?: string;
  /** Set only when given: `--ipvs-scheduler` (only `rr`, kube's default). */
  ipvsScheduler?: string;
}

export interface ProxyArgs extends ProxyFlags {
  kubeconfig?: string;
  /** `--cluster-cidr` (kube-proxy's; `up` passes its own): ClusterIP traffic from outside it is masqueraded. */
  clusterCIDR?: string;
}

export const proxyFlagsHelp = `  --proxy-mode MODE    iptables (a random ready endpoint per connection, the default) or ipvs
                       (round-robin)
  --ipvs-scheduler rr  the ipvs scheduler (rr, round-robin, is the one supported)`;

export const proxyUsage = `Usage: miniplane proxy [--kubeconfig PATH] [--proxy-mode iptables|ipvs] [--ipvs-scheduler rr]
                       [--cluster-cidr CIDR[,CIDR]]

  Runs the proxy (kube-proxy's job, on loopback) against an existing server: listens on every
  loopback ClusterIP:port, NodePort on every node's IP, LoadBalancer ingress IP and external IP,
  and forwards each TCP connection and UDP flow to a ready endpoint (see the README's "Data plane").

  --kubeconfig PATH    the server to use (default $KUBECONFIG, then ~/.kube/config)
${proxyFlagsHelp}
  --cluster-cidr CIDR[,CIDR]
                       the pods' addresses: a ClusterIP connection from any other source is
                       masqueraded to the first node's IP (default: none, no masquerade)
`;

/** Takes one proxy flag into `out`; false if `flag` is not one. */
export function proxyFlag(flag: string, value: () => string, out: ProxyFlags): boolean {
  if (flag === '--proxy-mode') {
    const v = value();
    if (v !== 'iptables' && v !== 'ipvs') throw new Error(`invalid --proxy-mode ${JSON.stringify(v)}: want iptables or ipvs`);
    out.proxyMode = v;
  }
  else if (flag === '--ipvs-scheduler') {
    const v = value();
    if (v !== 'rr') throw new Error(`invalid --ipvs-scheduler ${JSON.stringify(v)}: only rr is supported`);
    out.ipvsScheduler = v;
  } else return false;
  return true;
}

export function parseProxyArgs(argv: string[]): ProxyArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true };
  const out: ProxyArgs = {};
  const error = scanFlags(argv, (flag, value) => {
    if (flag === '--kubeconfig') out.kubeconfig = value();
    else if (flag === '--cluster-cidr') out.clusterCIDR = cidrList(flag, value());
    else return proxyFlag(flag, value, out);
    return true;
  });
  return error ? { error } : out;
}

function cidrList(flag: string, v: string): string {
  const bad = v.split(',').find((c) => !parseCIDR(c.trim()));
  if (bad !== undefined) throw new Error(`invalid value ${JSON.stringify(v)} for ${flag}: ${JSON.stringify(bad)} is not a CIDR`);
  return v;
}
