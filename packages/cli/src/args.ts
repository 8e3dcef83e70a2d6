/**
 * Parses `miniplane` command lines. Pure: returns data, prints nothing.
 */
import { controllersFlagHelp, nodeMonitorFlagsHelp, endpointSliceFlag, endpointSliceFlagsHelp, nodeEvictionFlag, podGcFlag, podGcFlagsHelp, parseDuration, scanFlags, wholeNumber, type EndpointSliceFlags, type NodeEvictionFlags, type PodGcFlags } from './controllersArgs.js';
import { proxyFlag, proxyFlagsHelp, type ProxyFlags } from './proxyArgs.js';
import { nodeFlag, nodeFlagsHelp, type NodeFlags } from './nodesArgs.js';
import { dnsFlag, dnsFlagsHelp, type DnsFlags } from './dnsArgs.js';

export interface UpArgs extends NodeFlags, ProxyFlags, EndpointSliceFlags, NodeEvictionFlags, DnsFlags, PodGcFlags {
  listen: string;
  dataDir: string;
  inMemory: boolean;
  /** Set only when given: `--ui` (true) / `--no-ui` (false); default: served when listening on loopback. */
  ui?: boolean;
  /** Set only when given; the server's default is 10.96.0.0/12. */
  serviceClusterIPRange?: string;
  /** Set only when given; the server's default is 30000-32767. */
  serviceNodePortRange?: string;
  /** Set only when given (comma-separated ranges, checked by the controllers); default 198.51.100.0/24. */
  loadBalancerIPRange?: string;
  /** Set only when given, with --dataplane only: loopback externalIPs accepted there (default 127.201.0.0/24). */
  externalIPRange?: string;
  /** Set only when given: kube's `--controllers` list for the in-process controllers (default `*`). */
  controllers?: string;
  /** Set only when given: node IPAM's `--cluster-cidr` and `--node-cidr-mask-size`. */
  clusterCIDR?: string;
  nodeCIDRMaskSize?: number;
  /** Set only when given: the node lifecycle controller's `--node-monitor-grace-period` / `--node-monitor-period`. */
  nodeMonitorGracePeriodMs?: number;
  nodeMonitorPeriodMs?: number;
  /** Set only when given: `--grace-period S` caps every pod's graceful-deletion period. */
  gracePeriodSeconds?: number;
  /** Set only when given: kube-apiserver's `--default-not-ready-toleration-seconds` (default 300). */
  defaultNotReadyTolerationSeconds?: number;
  /** Set only when given: kube-apiserver's `--default-unreachable-toleration-seconds` (default 300). */
  defaultUnreachableTolerationSeconds?: number;
  /** Set only when given: run without the in-process scheduler. */
  noScheduler?: true;
  /** Set only when given: serve the API without the in-process controllers. */
  noControllers?: true;
  /** Set only when given; the store keeps at least this many revisions (default 10,000). */
  compactionKeepRevisions?: number;
  /** Set only when given; the store keeps at least this much history in ms (default 5m). */
  compactionKeepMs?: number;
  /** Set only when given: serve HTTPS and require bearer tokens. */
  tls?: true;
  /** Set only when given: kube's static token CSV (needs --tls). */
  tokenAuthFile?: string;
  /** Set only when given: allow plain HTTP without tokens off loopback. */
  insecureAllowAnonymous?: true;
  /** Set only when given (each `--allowed-hosts` adds its comma-separated names): Host names answered without tokens. */
  allowedHosts?: string[];
  /** Set only when given: run the DNS component in-process. */
  dns?: true;
}

export const usage = `Usage: miniplane up [--listen HOST:PORT] [--data-dir DIR] [--in-memory]
                    [--service-cluster-ip-range CIDR[,CIDR]] [--service-node-port-range MIN-MAX]
                    [--load-balancer-ip-range RANGE[,RANGE...]] [--controllers LIST] [--no-controllers]
                    [--compaction-keep-revisions N] [--compaction-keep-duration DURATION]
                    [--nodes N] [--node-ip-range CIDR] [--pod-ready-delay D] [--node-cpu Q]
                    [--node-memory Q] [--max-pods N] [--cluster-cidr CIDR[,CIDR]]
                    [--node-cidr-mask-size N] [--no-scheduler] [--grace-period S]
                    [--default-not-ready-toleration-seconds S] [--default-unreachable-toleration-seconds S]
                    [--max-endpoints-per-slice N] [--endpointslice-updates-batch-period D]
                    [--concurrent-service-endpoint-syncs N] [--concurrent-endpoint-syncs N]
                    [--endpoint-updates-batch-period D] [--terminated-pod-gc-threshold N]
                    [--tls] [--token-auth-file FILE] [--insecure-allow-anonymous] [--allowed-hosts NAME[,NAME...]] [--no-ui | --ui]
                    [--dataplane] [--dns] [--dns-listen HOST:PORT] [--dns-metrics-port PORT] [--cluster-domain DOMAIN]
                    [--dataplane-max-pods N] [--proxy-mode iptables|ipvs] [--ipvs-scheduler rr]
       miniplane controllers --help
       miniplane nodes --help
       miniplane scheduler --help
       miniplane dns --help
       miniplane proxy --help

  --listen HOST:PORT   address to serve on (default 127.0.0.1:8080; port 0 picks a free one)
  --data-dir DIR       where the SQLite store and the kubeconfig live (default .miniplane)
  --in-memory          keep objects in memory only (the kubeconfig is still written to DIR)
  --tls                serve HTTPS (a CA and serving certificate made at first start, kept in
                       DIR; in memory with --in-memory) and require a bearer token; the
                       kubeconfig carries the CA and a generated admin token. Required when
                       --listen is not a loopback address
  --token-auth-file FILE
                       more tokens, in kube-apiserver's CSV format: token,user,uid,"group1,group2"
  --insecure-allow-anonymous
                       serve plain HTTP without authentication on a non-loopback address
  --allowed-hosts NAME[,NAME...]
                       without --tls, requests are answered only when their Host is an IP
                       address, localhost, *.localhost or the --listen name (against DNS
                       rebinding); these names are answered too (.NAME: NAME and every name
                       under it). Repeatable
  --no-ui, --ui        leave out / serve the live view at URL/ui (default: served when --listen
                       is a loopback address); its API calls need the same token as any client
  --service-cluster-ip-range CIDR[,CIDR]
                       ClusterIP range, or an IPv4,IPv6 pair for dual-stack (default 10.96.0.0/12)
  --service-node-port-range MIN-MAX
                       NodePort range (default 30000-32767)
  --load-balancer-ip-range RANGE[,RANGE...]
                       pool the LoadBalancer controller assigns from: CIDRs or START-END
                       ranges of either family; with both, dual-stack Services get one address
                       per IP family (default 198.51.100.0/24; e.g. 198.51.100.0/24,2001:db8:5::/112)
  --controllers LIST   ${controllersFlagHelp}
  --no-controllers     serve the API only (run \`miniplane controllers\` separately)
${nodeFlagsHelp}
                       (--nodes 0: no simulated nodes; run \`miniplane nodes\` separately)
  --cluster-cidr CIDR[,CIDR]
                       pod network the node IPAM controller cuts podCIDRs from (default 10.244.0.0/16)
  --node-cidr-mask-size N
                       size of each node's IPv4 podCIDR (default 24)
${endpointSliceFlagsHelp}
${nodeMonitorFlagsHelp}
${podGcFlagsHelp}
  --no-scheduler       run without the scheduler (pods stay Pending; run \`miniplane scheduler\`)
  --grace-period S     cap every pod's graceful-deletion period at S seconds (default: none;
                       kube's 30 s or the pod's terminationGracePeriodSeconds)
  --default-not-ready-toleration-seconds S, --default-unreachable-toleration-seconds S
                       tolerationSeconds of the NoExecute not-ready/unreachable tolerations
                       every pod gets at create (default 300 each)
  --compaction-keep-revisions N, --compaction-keep-duration DURATION
                       history kept for watch resumption: the larger of the last N revisions
                       and the last DURATION (Go form: 90s, 5m; defaults 10000 and 5m)
  --dataplane          a working Service data plane on loopback: the defaults move to
                       --service-cluster-ip-range 127.96.0.0/16, --cluster-cidr 127.244.0.0/16,
                       --node-ip-range 127.0.1.0/24, --load-balancer-ip-range 127.200.0.0/24;
                       pods answer on podIP:containerPort, the proxy listens on ClusterIPs,
                       NodePorts and LoadBalancer IPs, the DNS component runs (as --dns)
                       (see the README's "Data plane")
  --external-ip-range CIDR[,CIDR]
                       with --dataplane: the loopback addresses a Service's externalIPs may
                       hold, and the proxy listens on (default 127.201.0.0/24; kube refuses
                       loopback external IPs)
${proxyFlagsHelp}
  --dns                run the DNS component in-process (run \`miniplane dns\` separately otherwise)
${dnsFlagsHelp}
`;

export function parseUpArgs(argv: string[]): UpArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true };
  const [cmd, ...rest] = argv;
  if (cmd !== 'up') return { error: cmd ? `unknown command ${JSON.stringify(cmd)}` : 'missing command' };
  const out: UpArgs = { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false };
  const error = scanFlags(rest, (flag, value) => {
    if (flag === '--listen') out.listen = value();
    else if (flag === '--data-dir') out.dataDir = value();
    else if (flag === '--in-memory') out.inMemory = true;
    else if (flag === '--no-ui') out.ui = false;
    else if (flag === '--ui') out.ui = true;
    else if (flag === '--tls') out.tls = true;
    else if (flag === '--token-auth-file') out.tokenAuthFile = value();
    else if (flag === '--insecure-allow-anonymous') out.insecureAllowAnonymous = true;
    else if (flag === '--allowed-hosts') out.allowedHosts = [...(out.allowedHosts ?? []), ...value().split(',')];
    else if (flag === '--dataplane') out.dataplane = true;
    else if (flag === '--service-cluster-ip-range') out.serviceClusterIPRange = value();
    else if (flag === '--service-node-port-range') out.serviceNodePortRange = value();
    else if (flag === '--load-balancer-ip-range') out.loadBalancerIPRange = value();
    else if (flag === '--external-ip-range') out.externalIPRange = value();
    else if (flag === '--no-controllers') out.noControllers = true;
    else if (flag === '--controllers') out.controllers = value();
    else if (flag === '--cluster-cidr') out.clusterCIDR = value();
    else if (flag === '--node-monitor-grace-period') out.nodeMonitorGracePeriodMs = parseDuration(value());
    else if (flag === '--node-monitor-period') out.nodeMonitorPeriodMs = parseDuration(value());
    else if (flag === '--node-cidr-mask-size') out.nodeCIDRMaskSize = wholeNumber(flag, value());
    else if (flag === '--no-scheduler') out.noScheduler = true;
    else if (flag === '--grace-period') out.gracePeriodSeconds = wholeNumber(flag, value());
    else if (flag === '--default-not-ready-toleration-seconds') out.defaultNotReadyTolerationSeconds = wholeNumber(flag, value());
    else if (flag === '--default-unreachable-toleration-seconds') out.defaultUnreachableTolerationSeconds = wholeNumber(flag, value());
    else if (flag === '--compaction-keep-revisions') out.compactionKeepRevisions = wholeNumber(flag, value());
    else if (flag === '--compaction-keep-duration') out.compactionKeepMs = parseDuration(value());
    else if (flag === '--dns') out.dns = true;
    else if (endpointSliceFlag(flag, value, out) || nodeEvictionFlag(flag, value, out) || dnsFlag(flag, value, out) || podGcFlag(flag, value, out) || proxyFlag(flag, value, out)) return true;
    else return nodeFlag(flag, value, out);
    return true;
  });
  if (error) return { error };
  if (out.externalIPRange && !out.dataplane) return { error: '--external-ip-range needs --dataplane (loopback external IPs exist only there)' };
  return out;
}
