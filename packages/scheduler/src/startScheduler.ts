/**
 * startScheduler: the scheduler component (`miniplane scheduler`, and in-process in `miniplane
 * up`): binds pending pods to nodes through `pods/binding`, reaching the apiserver only through
 * its API.
 *
 * Contract
 * - It schedules pods with no `spec.nodeName`, `spec.schedulerName` unset or equal to its own
 *   (`default-scheduler`), no scheduling gates and no deletionTimestamp, one at a time (kube's
 *   scheduling cycle is serial), over a cache of node states (SchedulerCache).
 * - Success: the pod counts on the node at once (assumed) and a Binding (pod uid as
 *   precondition) is POSTed while the next pod is scheduled (up to 32 in flight), then Event
 *   `Scheduled` "Successfully assigned ns/pod to node-1". A 409 (already assigned, being deleted)
 *   or 404 drops the pod; another failure forgets the assumption and retries the pod.
 * - Failure: the pod's `PodScheduled` condition becomes False/`Unschedulable` with the FitError
 *   text (written only when it changes) and a Warning `FailedScheduling` Event (repeats counted);
 *   the pod waits among the unschedulable ones and is tried again when a Node is added or changes,
 *   when a bound pod goes or finishes, and at least every `retryUnschedulableMs` (default 60 s).
 * - Other write failures are retried rate limited.
 * - It schedules only while it holds the Lease `kube-system/kube-scheduler` (client-go timings;
 *   `leaderElect: false` skips the election); `stop()` ends the term (worker, bindings in flight,
 *   informers) and hands the Lease back. Resolves before leadership is won.
 * Upstream: pkg/scheduler/schedule_one.go (scheduleOne, handleSchedulingFailure, bind),
 *           pkg/scheduler/backend/queue/scheduling_queue.go (moving unschedulable pods on events)
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { Conflict, NotFound, findResourceByKind } from '@miniplane/api';
import { metaTime } from '@miniplane/api/metaTime';
import type { NodeObject, Pod, PodCondition } from '@miniplane/api/pod/types';
import {
  RateLimitingWorkQueue, RestClient, SharedInformerFactory, loadKubeconfig, metaNamespaceKey, realClock, resourcePath,
  type Clock, type HandlerRegistration, type RestConfig,
} from '@miniplane/client';
import { EventRecorder, aborted, apiEventSink, runLeaderElected, runWorker } from '@miniplane/controllers';
import { SchedulerCache } from './schedulerCache.js';
import { schedulePod } from './schedulePlan.js';

export const defaultSchedulerName = 'default-scheduler';
/** kube-scheduler's leader election Lease (in kube-system). */
export const schedulerLeaseName = 'kube-scheduler';
/** Bindings in flight at once (kube's binding cycles run in parallel goroutines). */
const maxBindsInFlight = 32;
const podInfo = findResourceByKind('v1', 'Pod')!;
const nodeInfo = findResourceByKind('v1', 'Node')!;

export interface SchedulerOptions {
  kubeconfigPath?: string;
  restConfig?: RestConfig;
  client?: RestClient;
  schedulerName?: string;
  retryUnschedulableMs?: number;
  random?: () => number;
  clock?: Clock;
  logger?: Logger;
  /** Leader election on the Lease `kube-system/kube-scheduler` (default true), as kube-scheduler. */
  leaderElect?: boolean;
  /** Leader election identity (default `<hostname>_<uuid>`). */
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /**
   * A SharedInformerFactory shared with other components of the process (`miniplane up`), whose
   * owner starts and stops it; a term then only adds and removes its handlers. Default: each term
   * makes and stops its own pod and node informers.
   */
  informers?: SharedInformerFactory;
}

export interface RunningScheduler {
  readonly identity: string;
  readonly server: string;
  stop(): Promise<void>;
}

export async function startScheduler(o: SchedulerOptions = {}): Promise<RunningScheduler> {
  const logger = (o.logger ?? pino({ level: process.env.MINIPLANE_LOG_LEVEL ?? 'warn' }, pino.destination(2))).child({ component: 'scheduler' });
  const clock = o.clock ?? realClock;
  const name = o.schedulerName ?? defaultSchedulerName;
  const random = o.random ?? Math.random;
  const ownClient = !o.client;
  const config = o.restConfig ?? (o.client ? undefined : (await loadKubeconfig({ explicit: o.kubeconfigPath })).config);
  const client = o.client ?? new RestClient({ config: { userAgent: `kube-scheduler/${hostname()}`, ...config! } });
  const identity = o.identity || `${hostname()}_${randomUUID()}`;
  const term: TermContext = { client, clock, name, random, logger, retryUnschedulableMs: o.retryUnschedulableMs ?? 60_000, shared: o.informers };
  const stopping = new AbortController();
  const done = runLeaderElected({
    client, namespace: 'kube-system', name: schedulerLeaseName, identity, clock, logger: o.logger ?? logger, leaderElect: o.leaderElect,
    leaseDurationMs: o.leaseDurationMs, renewDeadlineMs: o.renewDeadlineMs, retryPeriodMs: o.retryPeriodMs,
  }, stopping.signal, (signal) => runScheduler(term, signal));
  let stopped: Promise<void> | undefined;
  return {
    identity,
    server: client.config.server,
    stop: () => (stopped ??= (async () => {
      stopping.abort();
      await done;
      if (ownClient) client.close();
    })()),
  };
}

interface TermContext {
  client: RestClient;
  clock: Clock;
  name: string;
  random: () => number;
  logger: Logger;
  retryUnschedulableMs: number;
  shared?: SharedInformerFactory;
}

/** One term of leadership: informers, cache, queue and the scheduling worker, until `signal` aborts. */
async function runScheduler(c: TermContext, signal: AbortSignal): Promise<void> {
  const { client, clock, name, random, logger } = c;
  const factory = c.shared ?? new SharedInformerFactory({ client, clock, logger });
  const pods = factory.informerFor<Pod>(podInfo);
  const nodes = factory.informerFor<NodeObject>(nodeInfo);
  // A shared factory is its owner's to stop: the term only takes its handlers away.
  const release = async (registrations: HandlerRegistration[]): Promise<void> => {
    await Promise.all(registrations.map((r) => r.remove()));
    if (!c.shared) await factory.stop();
  };
  const recorder = new EventRecorder({ sink: apiEventSink(client), component: name, host: hostname(), clock, logger });
  const cache = new SchedulerCache(() => nodes.store.list());
  const queue = new RateLimitingWorkQueue<string>({ clock });
  const unschedulable = new Set<string>();
  const retryAll = () => {
    for (const k of unschedulable) queue.add(k);
    unschedulable.clear();
  };
  const mine = (p: Pod) => !p.spec?.nodeName && (p.spec?.schedulerName ?? name) === name && !p.metadata.deletionTimestamp && !p.spec?.schedulingGates?.length;

  await factory.start();
  const synced = await Promise.all([pods.waitForCacheSync(signal), nodes.waitForCacheSync(signal)]);
  if (!synced.every(Boolean)) {
    await release([]);
    return;
  }
  cache.nodesChanged();
  const registrations: HandlerRegistration[] = [];
  registrations.push(nodes.addEventHandler({
    onAdd: () => (cache.nodesChanged(), retryAll()),
    onUpdate: () => (cache.nodesChanged(), retryAll()),
    onDelete: () => cache.nodesChanged(),
  }));
  registrations.push(pods.addEventHandler({
    onAdd: (p) => {
      if (p.spec?.nodeName) cache.pod(p);
      else if (mine(p)) queue.add(metaNamespaceKey(p));
    },
    onUpdate: (old, p) => {
      if (p.spec?.nodeName) {
        cache.pod(p);
        const finished = (x: Pod) => x.status?.phase === 'Succeeded' || x.status?.phase === 'Failed';
        if (finished(p) && !finished(old)) retryAll();
      } else if (mine(p)) {
        // Our own status writes come back as updates: an unschedulable pod moves only when its spec changes.
        const key = metaNamespaceKey(p);
        if (!unschedulable.has(key) || JSON.stringify(old.spec) !== JSON.stringify(p.spec)) {
          unschedulable.delete(key);
          queue.add(key);
        }
      }
    },
    onDelete: (p) => {
      const key = metaNamespaceKey(p);
      unschedulable.delete(key);
      if (cache.isAssumedOrBound(key)) {
        cache.podGone(key);
        retryAll();
      }
    },
  }));
  for (const p of pods.store.list()) if (p.spec?.nodeName) cache.pod(p);
  for (const p of pods.store.list()) if (mine(p)) queue.add(metaNamespaceKey(p));

  const bind = async (pod: Pod, node: string): Promise<void> => {
    const { namespace, name: podName, uid } = pod.metadata;
    await client.request({
      method: 'POST', path: resourcePath(podInfo, { namespace, name: podName, subresource: 'binding' }),
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: podName, namespace, uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
    });
  };
  const markUnschedulable = async (pod: Pod, message: string): Promise<void> => {
    const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (old?.status !== 'False' || old.reason !== 'Unschedulable' || old.message !== message) {
      const cond: PodCondition = {
        type: 'PodScheduled', status: 'False', lastProbeTime: null,
        lastTransitionTime: old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : metaTime(clock.now()), reason: 'Unschedulable', message,
      };
      await client.resource<Pod>(podInfo).patch(pod.metadata.name!, { status: { conditions: [cond] } }, 'strategic', { namespace: pod.metadata.namespace, subresource: 'status' });
    }
    await recorder.event(pod, 'Warning', 'FailedScheduling', message);
  };

  const sync = async (key: string): Promise<void> => {
    const pod = pods.store.get(key);
    if (!pod || !mine(pod) || cache.isAssumedOrBound(key)) return;
    const r = schedulePod(pod, cache.states, random);
    if ('message' in r) {
      unschedulable.add(key);
      logger.info({ pod: key, message: r.message }, 'unschedulable');
      try {
        await markUnschedulable(pod, r.message);
      } catch (err: unknown) {
        if (!(err instanceof NotFound)) throw err;
      }
      return;
    }
    // kube's binding cycle: the pod counts on the node at once (assumed) and the next pod is
    // scheduled while the Binding is in flight; a failed binding forgets the assumption and retries.
    cache.assume({ ...pod, spec: { ...pod.spec, nodeName: r.node } });
    while (binding.size >= maxBindsInFlight) await Promise.race(binding);
    const done: Promise<void> = bind(pod, r.node).then(
      () => void recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${r.node}`),
      (err: unknown) => {
        if (err instanceof Conflict || err instanceof NotFound) return;
        logger.info({ pod: key, err: String(err) }, 'binding failed; retrying');
        cache.podGone(key);
        queue.addRateLimited(key);
      },
    ).finally(() => binding.delete(done));
    binding.add(done);
  };
  const binding = new Set<Promise<void>>();
  const worker = runWorker({ queue, sync, logger });
  const flush = setInterval(retryAll, c.retryUnschedulableMs);

  logger.info({}, 'scheduling');
  await aborted(signal);
  clearInterval(flush);
  queue.shutDown();
  await worker;
  await Promise.all(binding);
  await recorder.flush();
  await release(registrations);
}
