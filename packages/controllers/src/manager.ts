/**
 * startControllers: miniplane's controller manager. Reaches the apiserver only through its HTTP
 * API; runs the repair, LoadBalancer, ServiceCIDR and EndpointSlice mirroring controllers over
 * shared informers, behind leader election on the Lease `kube-system/miniplane-controllers`.
 *
 * Contract
 * - Resolves once the configuration is checked (kubeconfig read, pool and port range parsed —
 *   bad values throw here) and the election (or, with `leaderElect: false`, the controllers) has
 *   been launched. It never waits for leadership.
 * - Each term of leadership gets fresh informers (Services, IPAddresses, ServiceCIDRs, Endpoints,
 *   EndpointSlices), waits for their caches, then starts the controllers; losing the Lease stops
 *   them and their informers, and the manager campaigns again. A process never runs two terms at once.
 * - `stop()` stops the controllers and informers first, then hands the Lease back (holder "")
 *   so a standby takes over without waiting for it to expire. Idempotent.
 * - Timing defaults are client-go's and kube-controller-manager's: lease 15 s, renew deadline
 *   10 s, retry 2 s; repair every 3 min, leaks deleted after 60 s.
 * Upstream: cmd/kube-controller-manager/app/controllermanager.go (Run, leaderElectAndRun)
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { findResourceByKind, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { parsePortRange, type PortRange } from '@miniplane/api/allocators/index';
import { DEFAULT_LOAD_BALANCER_IP_RANGE, parseLoadBalancerPools, type LoadBalancerPools } from '@miniplane/api/loadBalancerPool';
import type { IPAddressObject, ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import {
  LeaderElector, RestClient, SharedInformer, leaseLock, listWatch, loadKubeconfig, realClock,
  type Clock, type Lease, type RestConfig,
} from '@miniplane/client';
import { EndpointSliceMirroringController } from './endpointSliceMirroring/controller.js';
import type { EndpointSlice, Endpoints } from './endpointSliceMirroring/endpointTypes.js';
import { LoadBalancerController } from './loadBalancer/controller.js';
import { RepairController, type RepairPassResult } from './repair/controller.js';
import { ServiceCIDRController } from './serviceCIDR/controller.js';

export const leaseNamespace = 'kube-system';
export const leaseName = 'miniplane-controllers';

export interface ControllersOptions {
  /** Where the apiserver is: a kubeconfig file, a RestConfig, or a ready client (which wins). */
  kubeconfigPath?: string;
  restConfig?: RestConfig;
  client?: RestClient;
  /** Comma-separated CIDRs or START-END ranges, of either family (default 198.51.100.0/24). */
  loadBalancerIPRange?: string;
  /** The apiserver's `--service-node-port-range` (default 30000-32767). */
  serviceNodePortRange?: string;
  /** Leader election identity and Event reportingInstance (default `<hostname>_<uuid>`). */
  identity?: string;
  leaderElect?: boolean;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  repairIntervalMs?: number;
  leakGracePeriodMs?: number;
  /** pino logger; children get `{component}`. Default: pino on stderr at MINIPLANE_LOG_LEVEL or warn. */
  logger?: Logger;
  clock?: Clock;
  onRepairPass?: (result: RepairPassResult) => void;
}

export interface RunningControllers {
  readonly identity: string;
  /** The apiserver URL in use. */
  readonly server: string;
  stop(): Promise<void>;
}

const info = (apiVersion: string, kind: string): ResourceInfo => findResourceByKind(apiVersion, kind)!;

export async function startControllers(o: ControllersOptions = {}): Promise<RunningControllers> {
  const logger = o.logger ?? pino({ level: process.env.MINIPLANE_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const pool = parseLoadBalancerPools(o.loadBalancerIPRange ?? DEFAULT_LOAD_BALANCER_IP_RANGE);
  const nodePortRange = parsePortRange(o.serviceNodePortRange ?? '30000-32767');
  const ownClient = !o.client;
  const config = o.restConfig ?? (o.client ? undefined : (await loadKubeconfig({ explicit: o.kubeconfigPath })).config);
  const client = o.client ?? new RestClient({ config: { userAgent: 'miniplane-controllers', ...config! } });
  const identity = o.identity || `${hostname()}_${randomUUID()}`;
  const clock = o.clock ?? realClock;

  const term: TermContext = { client, pool, nodePortRange, identity, clock, logger, o };
  const runTerm = (signal: AbortSignal) => runControllers(term, signal);

  const stopping = new AbortController();
  const log = logger.child({ component: 'leaderelection' });
  let done: Promise<void>;
  if (o.leaderElect === false) {
    done = runTerm(stopping.signal);
  } else {
    const lock = leaseLock(client.resource<Lease>(info('coordination.k8s.io/v1', 'Lease')), leaseNamespace, leaseName);
    done = campaign(stopping.signal, (callbacks) => new LeaderElector({
      lock, namespace: leaseNamespace, name: leaseName, identity, callbacks, releaseOnCancel: true, clock, logger: log,
      // Only the timings given: an explicit undefined would replace the elector's defaults.
      ...definedOnly({ leaseDurationMs: o.leaseDurationMs, renewDeadlineMs: o.renewDeadlineMs, retryPeriodMs: o.retryPeriodMs }),
    }), runTerm, log);
  }
  let stopped: Promise<void> | undefined;
  return {
    identity,
    server: client.config.server,
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        await done;
        if (ownClient) client.close();
      })()),
  };
}

interface TermContext {
  client: RestClient;
  pool: LoadBalancerPools;
  nodePortRange: PortRange;
  identity: string;
  clock: Clock;
  logger: Logger;
  o: ControllersOptions;
}

/** One term: informers, then (once their caches are synced) the controllers, until `signal` aborts. */
async function runControllers(c: TermContext, signal: AbortSignal): Promise<void> {
  const { client, clock, identity, logger, o } = c;
  const informer = <T extends KubeObject>(r: ResourceInfo) =>
    new SharedInformer<T>({ listerWatcher: listWatch(client.resource<T>(r)), name: r.plural, clock, logger: logger.child({ component: 'informer', resource: r.plural }) });
  const services = informer<Service>(info('v1', 'Service'));
  const ipAddresses = informer<IPAddressObject>(info('networking.k8s.io/v1', 'IPAddress'));
  const serviceCIDRs = informer<ServiceCIDRObject>(info('networking.k8s.io/v1', 'ServiceCIDR'));
  const endpoints = informer<Endpoints>(info('v1', 'Endpoints'));
  const endpointSlices = informer<EndpointSlice>(info('discovery.k8s.io/v1', 'EndpointSlice'));
  const informers = [services, ipAddresses, serviceCIDRs, endpoints, endpointSlices];
  await Promise.all(informers.map((i) => i.start()));
  const synced = (await Promise.all(informers.map((i) => i.waitForCacheSync(signal)))).every(Boolean);
  const controllers = synced
    ? [
      new RepairController({
        client, services, ipAddresses, serviceCIDRs, nodePortRange: c.nodePortRange, identity, clock, intervalMs: o.repairIntervalMs,
        leakGracePeriodMs: o.leakGracePeriodMs, onPass: o.onRepairPass, logger: logger.child({ component: 'repair' }),
      }),
      new LoadBalancerController({ client, services, pool: c.pool, identity, clock, logger: logger.child({ component: 'loadbalancer' }) }),
      new ServiceCIDRController({ client, serviceCIDRs, ipAddresses, identity, clock, logger: logger.child({ component: 'servicecidrs' }) }),
      new EndpointSliceMirroringController({
        client, services, endpoints, endpointSlices, identity, clock, logger: logger.child({ component: 'endpointslicemirroring' }),
      }),
    ]
    : [];
  await Promise.all(controllers.map((x) => x.start()));
  if (controllers.length) logger.info({ component: 'manager', identity }, 'controllers started');
  await aborted(signal);
  await Promise.all(controllers.map((x) => x.stop()));
  await Promise.all(informers.map((i) => i.stop()));
}

type Callbacks = ConstructorParameters<typeof LeaderElector>[0]['callbacks'];

/**
 * Campaigns for the Lease until `stop` aborts; each time it is won, runs one term until the
 * Lease is lost or `stop` aborts. On stop the term ends before the Lease is handed back.
 */
async function campaign(
  stop: AbortSignal,
  elector: (callbacks: Callbacks) => LeaderElector,
  runTerm: (signal: AbortSignal) => Promise<void>,
  log: Logger,
): Promise<void> {
  while (!stop.aborted) {
    let term: Promise<void> | undefined;
    const le = elector({
      onStartedLeading: (leading) => {
        if (stop.aborted) return;
        log.info({}, 'started leading');
        term = runTerm(AbortSignal.any([leading, stop])).catch((err: unknown) => log.error({ err: String(err) }, 'controllers failed'));
      },
      onStoppedLeading: () => {
        if (term) log.info({}, 'stopped leading');
      },
      onNewLeader: (leader) => log.info({ leader }, 'new leader'),
    });
    const onStop = (): void => void (term ?? Promise.resolve()).then(() => le.stop());
    stop.addEventListener('abort', onStop, { once: true });
    await le.start();
    await le.done();
    stop.removeEventListener('abort', onStop);
    await term;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
