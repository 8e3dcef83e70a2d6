/**
 * runLeaderElected: runs a component's work only while this process holds a Lease, as
 * kube-controller-manager and kube-scheduler do (client-go leaderelection), or at once with
 * `leaderElect: false`.
 *
 * Contract: resolves when `stop` has aborted and everything has ended: the current term (if any)
 * first, then the Lease is handed back (holder "") so a standby takes over at once. Each won term
 * gets its own signal, aborted when the Lease is lost or on stop; after a lost Lease the process
 * campaigns again. A process never runs two terms at once. Timings default to client-go's
 * (lease 15 s, renew deadline 10 s, retry 2 s).
 * Upstream: staging/src/k8s.io/client-go/tools/leaderelection/leaderelection.go (RunOrDie),
 *           cmd/kube-controller-manager/app/controllermanager.go (leaderElectAndRun)
 */
import { findResourceByKind } from '@miniplane/api';
import type { Logger } from 'pino';
import { LeaderElector, leaseLock, type Clock, type Lease, type RestClient } from '@miniplane/client';

export interface LeaderElectedOptions {
  client: RestClient;
  /** The Lease: `kube-system/miniplane-controllers`, `kube-system/kube-scheduler`. */
  namespace: string;
  name: string;
  identity: string;
  clock: Clock;
  logger: Logger;
  /** false: run at once, no Lease (default true). */
  leaderElect?: boolean;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export function runLeaderElected(o: LeaderElectedOptions, stop: AbortSignal, runTerm: (signal: AbortSignal) => Promise<void>): Promise<void> {
  if (o.leaderElect === false) return runTerm(stop);
  const log = o.logger.child({ component: 'leaderelection', lease: `${o.namespace}/${o.name}` });
  const lock = leaseLock(o.client.resource<Lease>(findResourceByKind('coordination.k8s.io/v1', 'Lease')!), o.namespace, o.name);
  return campaign(stop, (callbacks) => new LeaderElector({
    lock, namespace: o.namespace, name: o.name, identity: o.identity, callbacks, releaseOnCancel: true, clock: o.clock, logger: log,
    // Only the timings given: an explicit undefined would replace the elector's defaults.
    ...definedOnly({ leaseDurationMs: o.leaseDurationMs, renewDeadlineMs: o.renewDeadlineMs, retryPeriodMs: o.retryPeriodMs }),
  }), runTerm, log);
}

/** Resolves once `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
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

export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

