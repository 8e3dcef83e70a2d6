/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's timing and rules.
 *
 * Contract:
 * - Acquire: every retryPeriod (+ up to 1.2× jitter) try to take the Lease. It can be taken when
 *   it does not exist, has no holder, is ours, or has not changed for leaseDuration as measured
 *   on OUR clock from when we last saw it change (never from its renewTime: clocks skew).
 * - Writes are optimistic: the update carries the resourceVersion we read, so two candidates
 *   racing for one Lease produce one winner and one 409 Conflict (a failed attempt, not an error).
 * - Leading: `onStartedLeading(signal)` runs; we renew every retryPeriod. If no renew succeeds
 *   for renewDeadline, leadership is lost: `signal` aborts and `onStoppedLeading()` runs.
 * - A candidate that takes over sets acquireTime and bumps leaseTransitions; renewals keep them.
 * - `onNewLeader(identity)` is called whenever the observed holder changes (including to us).
 * - `start()` launches the loop and returns; the loop ends when leadership is lost or `stop()` is
 *   called, and `onStoppedLeading()` is called exactly once then, leading or not (client-go's
 *   deferred call). `stop()` with `releaseOnCancel` hands the Lease back (holder "",
 *   leaseDurationSeconds 1) so a successor need not wait.
 * Upstream: staging/src/k8s.io/client-go/tools/leaderelection/{leaderelection.go,resourcelock/leaselock.go}
 */
import { AlreadyExists, Conflict, NotFound, type KubeObject } from '@miniplane/api';
import { realClock, sleep, type Clock } from './clock.js';
import { silentLogger, type Logger } from './logger.js';
import type { ResourceClient } from './resourceClient.js';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

/** The three calls leader election makes; `leaseLock` builds it on a ResourceClient. */
export interface LeaseLock {
  /** The Lease, or undefined when it does not exist. */
  get(signal?: AbortSignal): Promise<Lease | undefined>;
  create(lease: Lease, signal?: AbortSignal): Promise<Lease>;
  /** Must fail with Conflict when `lease.metadata.resourceVersion` is stale. */
  update(lease: Lease, signal?: AbortSignal): Promise<Lease>;
}

export function leaseLock(leases: ResourceClient<Lease>, namespace: string, name: string): LeaseLock {
  return {
    get: async (signal) => {
      try {
        return await leases.get(name, { namespace, signal });
      } catch (e: unknown) {
        if (e instanceof NotFound) return undefined;
        throw e;
      }
    },
    create: (lease, signal) => leases.create(lease, { namespace, signal }),
    update: (lease, signal) => leases.update(lease, { namespace, signal }),
  };
}

export interface LeaderCallbacks {
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  onStoppedLeading(): void;
  onNewLeader?(identity: string): void;
}

export interface LeaderElectorOptions {
  lock: LeaseLock;
  /** Lease coordinates, written into a Lease we create. */
  namespace: string;
  name: string;
  identity: string;
  callbacks: LeaderCallbacks;
  /** Defaults 15 s / 10 s / 2 s, like client-go. */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  releaseOnCancel?: boolean;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
}

const jitterFactor = 1.2;

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private readonly o: Required<Omit<LeaderElectorOptions, 'logger' | 'random' | 'clock'>>;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: Logger;
  /** The Lease as last read or written, and when (our clock) we saw its spec change. */
  private observed: Lease | undefined;
  private observedSpec = '';
  private observedTime = 0;
  private reportedLeader = '';
  private leading = false;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(opts: LeaderElectorOptions) {
    // Options given as `undefined` keep their defaults (a plain spread would overwrite them).
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as LeaderElectorOptions;
    this.o = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, releaseOnCancel: false, ...given };
    const { leaseDurationMs: lease, renewDeadlineMs: renew, retryPeriodMs: retry } = this.o;
    if (lease <= renew) throw new TypeError('leaseDuration must be greater than renewDeadline');
    if (renew <= jitterFactor * retry) throw new TypeError('renewDeadline must be greater than retryPeriod*JitterFactor');
    if (!opts.identity) throw new TypeError('leader election requires a non-empty identity');
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.log = opts.logger ?? silentLogger;
  }

  /** True between acquiring the Lease and losing it (or stopping). */
  isLeader(): boolean {
    return this.leading;
  }

  /** The holder we last observed ("" if none). */
  getLeader(): string {
    return this.observed?.spec?.holderIdentity ?? '';
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.controller = new AbortController();
    this.running = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }

  /** Resolves when the election loop has ended (leadership lost or stopped). */
  done(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(signal: AbortSignal): Promise<void> {
    try {
      if (!(await this.acquire(signal))) return;
      this.leading = true;
      const leading = new AbortController();
      const onStop = (): void => leading.abort();
      signal.addEventListener('abort', onStop, { once: true });
      void Promise.resolve()
        .then(() => this.o.callbacks.onStartedLeading(leading.signal))
        .catch((err: unknown) => this.log.error({ err: String(err) }, 'onStartedLeading failed'));
      await this.renew(signal);
      signal.removeEventListener('abort', onStop);
      this.leading = false;
      leading.abort();
      if (this.o.releaseOnCancel && signal.aborted) await this.release();
    } finally {
      this.leading = false;
      this.o.callbacks.onStoppedLeading();
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    for (;;) {
      const ok = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      if (ok) return true;
      const wait = this.o.retryPeriodMs * (1 + this.random() * jitterFactor);
      if (!(await sleep(this.clock, wait, signal))) return false;
    }
  }

  /** Renews every retryPeriod until a renew deadline passes without success, or abort. */
  private async renew(signal: AbortSignal): Promise<void> {
    let lastSuccess = this.clock.now();
    while (await sleep(this.clock, this.o.retryPeriodMs, signal)) {
      // A hung request must not outlive the deadline: past it another candidate may lead.
      const deadline = new AbortController();
      const timer = this.clock.setTimer(lastSuccess + this.o.renewDeadlineMs - this.clock.now(), () => deadline.abort());
      const ok = await this.tryAcquireOrRenew(AbortSignal.any([signal, deadline.signal]));
      timer.cancel();
      this.maybeReportTransition();
      if (ok) lastSuccess = this.clock.now();
      else if (this.clock.now() - lastSuccess >= this.o.renewDeadlineMs) {
        this.log.info({ lease: this.o.name, identity: this.o.identity }, 'failed to renew lease; leadership lost');
        return;
      }
    }
  }

  private async tryAcquireOrRenew(signal?: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    const mine: LeaseSpec = {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: Math.round(this.o.leaseDurationMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    try {
      const current = await this.o.lock.get(signal);
      if (!current) {
        this.observe(await this.o.lock.create({
          apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.o.name, namespace: this.o.namespace }, spec: mine,
        }, signal), now);
        return true;
      }
      this.observe(current, now);
      const spec = current.spec ?? {};
      const leaseValid = this.observedTime + this.o.leaseDurationMs > now;
      const ours = spec.holderIdentity === this.o.identity;
      if (spec.holderIdentity && leaseValid && !ours) return false;
      if (ours) {
        mine.acquireTime = spec.acquireTime ?? mine.acquireTime;
        mine.leaseTransitions = spec.leaseTransitions ?? 0;
      } else {
        mine.leaseTransitions = (spec.leaseTransitions ?? 0) + 1;
      }
      this.observe(await this.o.lock.update({ ...current, spec: mine }, signal), now);
      return true;
    } catch (e: unknown) {
      // Losing a race (Conflict/AlreadyExists) is the normal failure, and a stop aborts the call
      // in flight; anything else is logged.
      if (!(e instanceof Conflict || e instanceof AlreadyExists || signal?.aborted)) this.log.warn({ err: String(e), lease: this.o.name }, 'lease get/update failed');
      return false;
    }
  }

  /** Records the Lease; the expiry clock restarts only when its spec actually changed. */
  private observe(lease: Lease, now: number): void {
    const spec = JSON.stringify(lease.spec ?? {});
    if (spec !== this.observedSpec) {
      this.observedSpec = spec;
      this.observedTime = now;
    }
    this.observed = lease;
  }

  private maybeReportTransition(): void {
    const holder = this.getLeader();
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    if (holder) this.o.callbacks.onNewLeader?.(holder);
  }

  private async release(): Promise<void> {
    if (this.observed?.spec?.holderIdentity !== this.o.identity) return;
    const now = microTime(this.clock.now());
    // Bounded like a renewal, so stop() cannot hang on an unresponsive server.
    const deadline = new AbortController();
    const timer = this.clock.setTimer(this.o.renewDeadlineMs, () => deadline.abort());
    try {
      const spec: LeaseSpec = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.observed.spec?.leaseTransitions ?? 0 };
      this.observe(await this.o.lock.update({ ...this.observed, spec }, deadline.signal), this.clock.now());
    } catch (e: unknown) {
      this.log.warn({ err: String(e), lease: this.o.name }, 'failed to release lease');
    } finally {
      timer.cancel();
    }
  }
}
