/**
 * `miniplane up`: starts the API server (and the controllers, once they exist) and prints one
 * ready line on stdout:
 *   miniplane ready at http://HOST:PORT (kubeconfig: PATH)
 * (https:// with --tls). Flags: --listen HOST:PORT (default 127.0.0.1:8080; port 0 picks a free one), --data-dir DIR
 * (default .miniplane), --in-memory, --service-cluster-ip-range CIDR[,CIDR] (default 10.96.0.0/12),
 * --service-node-port-range MIN-MAX (default 30000-32767). SIGINT/SIGTERM shut down cleanly and exit 0.
 * Once the server listens, the controllers (repair, LoadBalancer IPs from --load-balancer-ip-range)
 * start in-process against its own URL, behind leader election, just after the ready line (their
 * flags are checked before it); --no-controllers leaves them out (see up.ts). Only what a command
 * needs is loaded: the CLI is an esbuild bundle (build.mjs) whose parts are imported on demand.
 *
 * `miniplane controllers --kubeconfig PATH [--identity ID] ...`: the controllers alone, against an
 * existing server (see controllersArgs.ts); prints one line once running:
 *   miniplane controllers running as ID (server: URL)
 * `miniplane nodes [--nodes N] ...`: simulated nodes and their kubelets alone (nodesArgs.ts):
 *   miniplane nodes running: node-1, node-2, node-3 (server: URL)
 * `miniplane scheduler [--kubeconfig PATH] ...`: the scheduler alone (schedulerArgs.ts):
 *   miniplane scheduler running as ID (server: URL)
 * `miniplane dns [--kubeconfig PATH] [--dns-listen HOST:PORT] ...`: the DNS component alone (dnsArgs.ts):
 *   miniplane dns answering at 127.0.0.1:1053 (udp, tcp; server: URL)
 * `miniplane proxy [--kubeconfig PATH] [--proxy-mode iptables|ipvs]`: the proxy alone (proxyArgs.ts):
 *   miniplane proxy running (mode iptables; server: URL)
 * `up --dataplane` runs it in-process, listening before the ready line.
 * `up --dns` (or `--dataplane`) runs it in-process, answering before the ready line, and prints
 *   miniplane dns answering at HOST:PORT (udp, tcp)
 * just after the ready line. With the live view (on loopback unless --no-ui; see up.ts uiOptions) the
 * next line is
 *   miniplane live view at URL/ui
 * `up` also starts the nodes (--nodes, default 3; 0 leaves them out; registered before the ready
 * line) and the scheduler (--no-scheduler leaves it out; after the ready line) in-process.
 */
import { parseUpArgs, usage } from './args.js';
import { controllerFlagOptions, controllersUsage, parseControllersArgs } from './controllersArgs.js';
import { dnsUsage, parseDnsArgs } from './dnsArgs.js';
import { nodesUsage, parseNodesArgs } from './nodesArgs.js';
import { parseProxyArgs, proxyUsage } from './proxyArgs.js';
import { parseSchedulerArgs, schedulerUsage } from './schedulerArgs.js';
import { nodesOptions, startPlane } from './up.js';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'controllers') return controllers(argv.slice(1));
  if (argv[0] === 'nodes') return nodes(argv.slice(1));
  if (argv[0] === 'scheduler') return scheduler(argv.slice(1));
  if (argv[0] === 'dns') return dns(argv.slice(1));
  if (argv[0] === 'proxy') return proxy(argv.slice(1));
  const parsed = parseUpArgs(argv);
  if ('help' in parsed || 'error' in parsed) return usageExit(parsed, usage);
  const plane = await startPlane(parsed);
  const { server } = plane;
  process.stdout.write(`miniplane ready at ${server.url} (kubeconfig: ${server.kubeconfigPath})\n`);
  if (plane.dns) process.stdout.write(`miniplane dns answering at ${plane.dns.address} (udp, tcp)\n`);
  if (plane.ui) process.stdout.write(`miniplane live view at ${server.url}/ui${server.token ? ' (token: the kubeconfig\'s)' : ''}\n`);
  // Runs until a signal, or until the scheduler fails to start (the error ends `up`).
  const failure = await Promise.race([signalled().then(() => undefined), plane.background.then(() => new Promise<never>(() => {}), (err: unknown) => err ?? new Error('start failed'))]);
  await plane.stop();
  if (failure !== undefined) throw failure;
  return 0;
}

async function proxy(argv: string[]): Promise<number> {
  const parsed = parseProxyArgs(argv);
  if ('help' in parsed || 'error' in parsed) return usageExit(parsed, proxyUsage);
  const { startProxy } = await import('@miniplane/proxy');
  const running = await startProxy({ kubeconfigPath: parsed.kubeconfig, mode: parsed.proxyMode, clusterCIDR: parsed.clusterCIDR });
  process.stdout.write(`miniplane proxy running (mode ${running.mode}; server: ${running.server})\n`);
  await signalled();
  await running.stop();
  return 0;
}

async function scheduler(argv: string[]): Promise<number> {
  const parsed = parseSchedulerArgs(argv);
  if ('help' in parsed || 'error' in parsed) return usageExit(parsed, schedulerUsage);
  const { startScheduler } = await import('@miniplane/scheduler');
  const running = await startScheduler({
    kubeconfigPath: parsed.kubeconfig, identity: parsed.identity, leaderElect: parsed.leaderElect,
    leaseDurationMs: parsed.leaseDurationMs, renewDeadlineMs: parsed.renewDeadlineMs, retryPeriodMs: parsed.retryPeriodMs,
  });
  process.stdout.write(`miniplane scheduler running as ${running.identity} (server: ${running.server})\n`);
  await signalled();
  await running.stop();
  return 0;
}

async function dns(argv: string[]): Promise<number> {
  const parsed = parseDnsArgs(argv);
  if ('help' in parsed || 'error' in parsed) return usageExit(parsed, dnsUsage);
  const { startDns } = await import('@miniplane/dns');
  const running = await startDns({ kubeconfigPath: parsed.kubeconfig, listen: parsed.dnsListen, clusterDomain: parsed.clusterDomain, metricsPort: parsed.dnsMetricsPort, publishEndpoints: parsed.publishEndpoints });
  process.stdout.write(`miniplane dns answering at ${running.address} (udp, tcp; server: ${running.server})\n`);
  await signalled();
  await running.stop();
  return 0;
}

async function nodes(argv: string[]): Promise<number> {
  const parsed = parseNodesArgs(argv);
  if ('help' in parsed || 'error' in parsed) return usageExit(parsed, nodesUsage);
  const { startNodes } = await import('@miniplane/nodes');
  const running = await startNodes({ kubeconfigPath: parsed.kubeconfig, ...nodesOptions(parsed) });
  process.stdout.write(`miniplane nodes running: ${running.names.join(', ')} (server: ${running.server})\n`);
  await signalled();
  await running.stop();
  return 0;
}

async function controllers(argv: string[]): Promise<number> {
  const parsed = parseControllersArgs(argv);
  if ('help' in parsed || 'error' in parsed) return usageExit(parsed, controllersUsage);
  const { startControllers } = await import('@miniplane/controllers');
  const running = await startControllers({
    ...controllerFlagOptions(parsed),
    kubeconfigPath: parsed.kubeconfig,
    identity: parsed.identity,
    leaderElect: parsed.leaderElect,
    leaseDurationMs: parsed.leaseDurationMs,
    renewDeadlineMs: parsed.renewDeadlineMs,
    retryPeriodMs: parsed.retryPeriodMs,
    repairIntervalMs: parsed.repairIntervalMs,
  });
  process.stdout.write(`miniplane controllers running as ${running.identity} (server: ${running.server})\n`);
  await signalled();
  await running.stop();
  return 0;
}

/** --help: usage on stdout, exit 0; a bad command line: the error and usage on stderr, exit 2. */
function usageExit(parsed: { help: true } | { error: string }, text: string): number {
  if ('help' in parsed) {
    process.stdout.write(text);
    return 0;
  }
  process.stderr.write(`error: ${parsed.error}\n\n${text}`);
  return 2;
}

/** Resolves on SIGINT or SIGTERM; until then keeps the process alive (a standby has no open socket). */
function signalled(): Promise<void> {
  const keepAlive = setInterval(() => {}, 1 << 30);
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      clearInterval(keepAlive);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
