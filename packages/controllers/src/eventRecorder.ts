/**
 * EventRecorder: writes core/v1 Events about objects through the API, the way client-go's
 * `record` package does for kube's controllers.
 *
 * Contract
 * - `event(regarding, type, reason, message)` never throws: Events are best effort, so a failed
 *   write is logged and dropped. It resolves once the write is done, so a shell can await it and
 *   a test can count it. Writes of one recorder are serialised in call order.
 * - Naming: `<regarding.name>.<hex>`, hex being the event time in nanoseconds since the epoch
 *   (client-go: `fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`); strictly increasing per
 *   recorder, so two events in one millisecond get distinct names. The namespace is the
 *   regarding object's, or `default` for a cluster-scoped object.
 * - De-duplication (client-go's EventCorrelator, its "same event" half): an Event equal in
 *   source, involved object (kind, namespace, name, uid, apiVersion), type, reason and message
 *   to one this recorder wrote is not created again: the existing Event gets `count + 1`, its message and a
 *   new `lastTimestamp` (one merge patch). If that Event has gone (NotFound), a new one is created.
 *   The memory is an LRU of `cacheSize` keys (default 4096), so it is lost on restart, as in kube.
 * - Fields: involvedObject (+resourceVersion), reason, message, type, source {component, host},
 *   count, firstTimestamp/lastTimestamp (RFC 3339 seconds), reportingComponent (= component),
 *   reportingInstance (= host).
 * - Before that, client-go's aggregation of similar Events and its spam filter (eventCorrelator.ts):
 *   an Event may go out as the combined Event of its group, or be dropped (resolving at once).
 * Upstream: staging/src/k8s.io/client-go/tools/record/{event.go,events_cache.go}
 */
import { metaTime } from '@miniplane/api/metaTime';
import { NotFound, findResourceByKind, type KubeObject } from '@miniplane/api';
import { realClock, silentLogger, type Clock, type Logger, type RestClient } from '@miniplane/client';
import { EventCorrelator, type Correlation } from './eventCorrelator.js';

export type EventType = 'Normal' | 'Warning';

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface CoreEvent extends KubeObject {
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  type: EventType;
  source: { component: string; host?: string };
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  reportingComponent: string;
  reportingInstance: string;
}

/** Where Events go: the two writes a recorder makes. `apiEventSink` builds it on a RestClient. */
export interface EventSink {
  create(event: CoreEvent): Promise<CoreEvent>;
  /** Merge patch of an existing Event (the message changes on a combined Event); NotFound if it has gone. */
  patch(namespace: string, name: string, patch: Pick<CoreEvent, 'count' | 'lastTimestamp'> & { message?: string }): Promise<CoreEvent>;
}

const eventInfo = findResourceByKind('v1', 'Event')!;

export function apiEventSink(client: RestClient): EventSink {
  const events = client.resource<CoreEvent>(eventInfo);
  return {
    create: (ev) => events.create(ev, { namespace: ev.metadata.namespace }),
    patch: (namespace, name, patch) => events.patch(name, patch, 'merge', { namespace }),
  };
}

export interface EventRecorderOptions {
  sink: EventSink;
  /** `source.component` and `reportingComponent`, e.g. `ipallocator-repair-controller`. */
  component: string;
  /** `source.host` and `reportingInstance` (the leader election identity). */
  host?: string;
  clock?: Clock;
  logger?: Logger;
  cacheSize?: number;
  /** Uniform in [0, 1): the sub-millisecond digits of Event names (default Math.random). */
  random?: () => number;
}

interface Seen {
  namespace: string;
  name: string;
  count: number;
}


export function objectReference(obj: KubeObject): ObjectReference {
  const m = obj.metadata;
  return { kind: obj.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: obj.apiVersion, resourceVersion: m.resourceVersion };
}

export class EventRecorder {
  private readonly o: Required<Omit<EventRecorderOptions, 'logger' | 'clock' | 'random'>>;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: Logger;
  /** Event key → the Event written for it; Map order is the LRU order (oldest first). */
  private readonly seen = new Map<string, Seen>();
  private lastNanos = 0n;
  private tail: Promise<void> = Promise.resolve();
  private readonly correlator = new EventCorrelator();

  constructor(opts: EventRecorderOptions) {
    this.o = { sink: opts.sink, component: opts.component, host: opts.host ?? '', cacheSize: opts.cacheSize ?? 4096 };
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.log = opts.logger ?? silentLogger;
  }

  /** Resolves once every Event asked for so far has been written (or dropped). */
  flush(): Promise<void> {
    return this.tail;
  }

  /** `fieldPath` names a part of the object (a pod's `spec.containers{web}`), as kubelet Events do. */
  event(regarding: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): Promise<void> {
    const ref = objectReference(regarding);
    if (fieldPath) ref.fieldPath = fieldPath;
    // Correlated when asked for, as client-go's broadcaster does on receipt: a dropped Event
    // never waits behind the writes in flight.
    const c = this.correlator.correlate({
      component: this.o.component, host: this.o.host, object: [ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion], fieldPath: ref.fieldPath, type, reason, message,
    }, this.clock.now());
    if (!c) return this.tail;
    const run = this.tail.then(() => this.write(ref, type, reason, c));
    this.tail = run;
    return run;
  }

  private async write(ref: ObjectReference, type: EventType, reason: string, { message, key }: Correlation): Promise<void> {
    const now = this.clock.now();
    try {
      const prior = this.seen.get(key);
      if (prior && (await this.bump(prior, now, message))) {
        this.remember(key, prior);
        return;
      }
      const ev = this.newEvent(ref, type, reason, message, now);
      await this.o.sink.create(ev);
      this.remember(key, { namespace: ev.metadata.namespace!, name: ev.metadata.name!, count: 1 });
    } catch (err: unknown) {
      this.log.warn({ err: String(err), reason, object: `${ref.namespace ?? ''}/${ref.name ?? ''}` }, 'event write failed; dropped');
    }
  }

  /** Counts one more occurrence on the existing Event; false if it has gone. */
  private async bump(prior: Seen, now: number, message: string): Promise<boolean> {
    try {
      await this.o.sink.patch(prior.namespace, prior.name, { count: prior.count + 1, lastTimestamp: metaTime(now), message });
      prior.count++;
      return true;
    } catch (err: unknown) {
      if (err instanceof NotFound) return false;
      throw err;
    }
  }

  private remember(key: string, s: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, s);
    if (this.seen.size > this.o.cacheSize) this.seen.delete(this.seen.keys().next().value!);
  }

  private newEvent(ref: ObjectReference, type: EventType, reason: string, message: string, now: number): CoreEvent {
    // Sub-millisecond digits at random, as UnixNano's would be: two recorders (a kubelet and the
    // scheduler) naming an Event for one pod in the same millisecond must not collide.
    const nanos = BigInt(now) * 1_000_000n + BigInt(Math.floor(this.random() * 1_000_000));
    this.lastNanos = nanos > this.lastNanos ? nanos : this.lastNanos + 1n;
    const t = metaTime(now);
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${ref.name}.${this.lastNanos.toString(16)}`, namespace: ref.namespace || 'default' },
      involvedObject: ref,
      reason,
      message,
      type,
      source: this.o.host ? { component: this.o.component, host: this.o.host } : { component: this.o.component },
      count: 1,
      firstTimestamp: t,
      lastTimestamp: t,
      reportingComponent: this.o.component,
      reportingInstance: this.o.host,
    };
  }
}
