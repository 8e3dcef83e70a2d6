/**
 * Parses `miniplane dns` command lines (the DNS component alone, against a running server) and
 * the DNS flags `miniplane up` shares with it (`--dns-listen`, `--cluster-domain`). Pure: returns
 * data, prints nothing. The listen address must be on loopback (127.0.0.0/8 or ::1): the
 * cluster's names are not served off the machine.
 */
import { isIP } from 'node:net';
import { scanFlags } from './controllersArgs.js';

/** Where the DNS component answers unless told (@miniplane/dns's default, not imported: it loads lazily). */
export const dnsListenDefault = '127.0.0.1:1053';

export interface DnsFlags {
  /** Set only when given; default 127.0.0.1:1053. */
  dnsListen?: string;
  /** Set only when given; default cluster.local. */
  clusterDomain?: string;
  /** Set only when given: `--dns-metrics-port` (default 9153, or a free one when the DNS port is 0). */
  dnsMetricsPort?: number;
}

export interface DnsArgs extends DnsFlags {
  kubeconfig?: string;
  /** `--publish-endpoints`: be an endpoint of kube-system/kube-dns (what `up --dataplane` does in-process). */
  publishEndpoints?: true;
}

/** The DNS flags' help; `domainDefault` says, in parentheses, what --cluster-domain defaults to. */
const dnsFlagsHelpWith = (domainDefault: string) => `  --dns-listen HOST:PORT
                       where the DNS component answers, UDP and TCP (default 127.0.0.1:1053;
                       loopback only; port 0 picks a free one)
  --cluster-domain DOMAIN
                       the cluster's DNS zone ${domainDefault}
  --dns-metrics-port PORT
                       where /metrics (CoreDNS's prometheus plugin) is served, on the DNS listen
                       address's host (default 9153; a free one when the DNS port is 0; 0: free)`;

export const dnsFlagsHelp = dnsFlagsHelpWith('(default cluster.local)');

export const dnsUsage = `Usage: miniplane dns [--kubeconfig PATH] [--dns-listen HOST:PORT] [--cluster-domain DOMAIN]
                     [--dns-metrics-port PORT] [--publish-endpoints]

  Runs the DNS component against an existing server (CoreDNS's kubernetes plugin): answers the
  Kubernetes DNS schema 1.1.0 records of Services, endpoints and pods from watched Services,
  EndpointSlices and Namespaces; names outside the cluster domain are REFUSED (no recursion).

  --kubeconfig PATH    the server to use (default $KUBECONFIG, then ~/.kube/config)
${dnsFlagsHelpWith(`(default: the zone of the
                       kubernetes plugin in the Corefile of the ConfigMap kube-system/coredns,
                       which up writes when it runs DNS; else cluster.local)`)}
  --publish-endpoints  publish the listen address as an endpoint of kube-system/kube-dns (an
                       EndpointSlice of its own, removed at exit), so the proxy carries the
                       Service's ClusterIP:53 here; the server must accept that loopback address
                       (\`up --dataplane\` accepts 127.0.0.1 and its own --dns-listen address)
`;

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Takes one DNS flag into `out`; false if `flag` is not one. Throws on a bad value. */
export function dnsFlag(flag: string, value: () => string, out: DnsFlags): boolean {
  if (flag === '--dns-listen') out.dnsListen = loopbackListen(flag, value());
  else if (flag === '--cluster-domain') {
    const v = value().replace(/\.$/, '');
    if (v.length > 253 || !subdomain.test(v)) throw new Error(`invalid value ${JSON.stringify(v)} for ${flag}: must be a lowercase DNS subdomain (e.g. cluster.local)`);
    out.clusterDomain = v;
  } else if (flag === '--dns-metrics-port') {
    const v = value();
    if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new Error(`invalid value ${JSON.stringify(v)} for ${flag}: want a port (0-65535)`);
    out.dnsMetricsPort = Number(v);
  } else return false;
  return true;
}

function loopbackListen(flag: string, v: string): string {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(v);
  const host = m?.[1] ?? m?.[2];
  if (!m || !host || Number(m[3]) > 65535 || !isIP(host)) throw new Error(`invalid value ${JSON.stringify(v)} for ${flag}: want IP:PORT`);
  if (!(host === '::1' || (isIP(host) === 4 && host.startsWith('127.')))) throw new Error(`invalid value ${JSON.stringify(v)} for ${flag}: must be a loopback address (127.0.0.0/8 or [::1])`);
  return v;
}

export function parseDnsArgs(argv: string[]): DnsArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true };
  const out: DnsArgs = {};
  const error = scanFlags(argv, (flag, value) => {
    if (flag === '--kubeconfig') out.kubeconfig = value();
    else if (flag === '--publish-endpoints') out.publishEndpoints = true;
    else return dnsFlag(flag, value, out);
    return true;
  });
  return error ? { error } : out;
}
