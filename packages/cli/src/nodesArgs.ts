/**
 * Parses `miniplane nodes` command lines (simulated nodes and their kubelets, against a running
 * server) and the node flags `miniplane up` shares with it. Pure: returns data, prints nothing.
 * Flag names follow the kubelet's where it has one (`--max-pods`).
 */
import { parseDuration, scanFlags, wholeNumber } from './controllersArgs.js';

export interface NodeFlags {
  nodes?: number;
  firstNode?: number;
  nodeIPRange?: string;
  podReadyDelayMs?: number;
  nodeCPU?: string;
  nodeMemory?: string;
  maxPods?: number;
  leaseDurationSeconds?: number;
  /** Set only when given: pods answer on podIP:containerPort (see the README's "Data plane"). */
  dataplane?: true;
  /** Set only when given: `--dataplane-max-pods`, pods served at most (default 500). */
  dataplaneMaxPods?: number;
}

export interface NodesArgs extends NodeFlags {
  kubeconfig?: string;
}

export const nodeFlagsHelp = `  --nodes N            how many simulated nodes (default 3): node-1 ... node-N
  --node-ip-range CIDR their InternalIPs: .2 upwards (default 172.18.0.0/24)
  --pod-ready-delay D  a started container turns Ready after D (default 0; a readinessProbe's
                       initialDelaySeconds, if later, wins)
  --node-cpu Q, --node-memory Q, --max-pods N
                       each node's capacity (default 4, 16Gi, 110)
  --node-lease-duration-seconds N
                       the kubelets' Lease duration; they renew it every N/4 s (default 40)
  --dataplane-max-pods N
                       with --dataplane: pods that get an answering server at most (default
                       500); the rest run without one`;

export const nodesUsage = `Usage: miniplane nodes [--kubeconfig PATH] [--nodes N] [--first-node K] [--node-ip-range CIDR]
                       [--pod-ready-delay D] [--node-cpu Q] [--node-memory Q] [--max-pods N]
                       [--node-lease-duration-seconds N] [--dataplane] [--dataplane-max-pods N]

  Runs simulated nodes and their kubelets against an existing server: registers the Nodes,
  renews their Leases in kube-node-lease every 10 s, and runs the pods bound to them. They obey
  the Nodes' controls (kubectl-lite sim node stop|restart|add; see the README).

  --kubeconfig PATH    the server to use (default $KUBECONFIG, then ~/.kube/config)
${nodeFlagsHelp}
  --first-node K       number the nodes from K (default 1), e.g. to run node-4 beside \`up --nodes 3\`
  --dataplane          each Running pod answers on podIP:containerPort (HTTP for TCP ports, an
                       echo for UDP), as in \`up --dataplane\`
`;

/** Takes one node flag into `out`; false if `flag` is not one. `value()` reads its argument. */
export function nodeFlag(flag: string, value: () => string, out: NodeFlags): boolean {
  if (flag === '--nodes') out.nodes = wholeNumber(flag, value());
  else if (flag === '--node-ip-range') out.nodeIPRange = value();
  else if (flag === '--pod-ready-delay') out.podReadyDelayMs = parseDuration(value());
  else if (flag === '--node-cpu') out.nodeCPU = value();
  else if (flag === '--node-memory') out.nodeMemory = value();
  else if (flag === '--max-pods') out.maxPods = wholeNumber(flag, value());
  else if (flag === '--node-lease-duration-seconds') out.leaseDurationSeconds = wholeNumber(flag, value());
  else if (flag === '--dataplane-max-pods') out.dataplaneMaxPods = wholeNumber(flag, value());
  else return false;
  return true;
}

export function parseNodesArgs(argv: string[]): NodesArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true };
  const out: NodesArgs = {};
  const error = scanFlags(argv, (flag, value) => {
    if (flag === '--kubeconfig') out.kubeconfig = value();
    else if (flag === '--first-node') out.firstNode = wholeNumber(flag, value());
    else if (flag === '--dataplane') out.dataplane = true;
    else return nodeFlag(flag, value, out);
    return true;
  });
  if (error) return { error };
  return out;
}
