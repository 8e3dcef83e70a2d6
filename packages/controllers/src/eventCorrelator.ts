/**
 * EventCorrelator: what client-go does to an Event between `record.Event` and the API, besides
 * counting repeats (that is the recorder's): it aggregates similar Events and drops spam.
 *
 * Contract: `correlate(e, now)` returns how to write the Event, or undefined to drop it.
 * - Aggregation (EventAggregator): Events of one source (component, host), involved object
 *   (kind, namespace, name, uid, apiVersion), type and reason are similar. Once 10 different
 *   messages of similar Events have been seen with no gap over 10 minutes, each further one is
 *   written as the one aggregate Event of its group: message `(combined from similar events): `
 *   + its message, recorded under the group's key (so the recorder counts it on that Event).
 *   The message set is kept at 9 (one forgotten at random, as kube's PopAny), so a message seen
 *   before may again go out as itself.
 * - Spam filter (EventSourceObjectSpamFilter), after aggregation: a token bucket per source and
 *   involved object (type, reason and message do not matter), 25 tokens, refilled at one per
 *   5 minutes; an Event finding no token is dropped.
 * - Both memories are LRUs of 4096 keys, as kube's.
 * So a ReplicaSet scaled to 10,000 pods writes 9 `SuccessfulCreate` Events, one combined one
 * counted up 15 times, and drops the rest, as kube-controller-manager does; a pod's own few
 * Events (Scheduled, Pulled, Created, Started) all go out.
 * Upstream: staging/src/k8s.io/client-go/tools/record/events_cache.go (EventCorrelator,
 *           EventAggregator, EventSourceObjectSpamFilter, getSpamKey, EventAggregatorByReasonFunc)
 */

export interface CorrelatedEvent {
  component: string;
  host: string;
  /** The involved object: kind, namespace, name, uid, apiVersion. */
  object: readonly [string?, string?, string?, string?, string?];
  fieldPath?: string;
  type: string;
  reason: string;
  message: string;
}

export interface Correlation {
  message: string;
  /** The recorder's de-duplication key for this Event (the group's key for an aggregate). */
  key: string;
}

export const aggregatePrefix = '(combined from similar events): ';
const maxSimilar = 10;
const maxIntervalMs = 600_000;
const spamBurst = 25;
const spamRefillPerMs = 1 / 300_000;
const lruSize = 4096;

interface Similar {
  messages: Set<string>;
  last: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class EventCorrelator {
  private readonly similar = new Map<string, Similar>();
  private readonly buckets = new Map<string, Bucket>();

  correlate(e: CorrelatedEvent, now: number): Correlation | undefined {
    const source = [e.component, e.host, ...e.object];
    const groupKey = JSON.stringify([...source, e.type, e.reason]);
    let out: Correlation = { message: e.message, key: JSON.stringify([...source, e.fieldPath, e.type, e.reason, e.message]) };
    let group = this.similar.get(groupKey);
    if (!group || now - group.last > maxIntervalMs) group = { messages: new Set(), last: now };
    group.messages.add(e.message);
    group.last = now;
    touch(this.similar, groupKey, group);
    if (group.messages.size >= maxSimilar) {
      group.messages.delete(group.messages.values().next().value!);
      out = { message: aggregatePrefix + e.message, key: groupKey };
    }
    return this.takeToken(JSON.stringify(source), now) ? out : undefined;
  }

  private takeToken(key: string, now: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: spamBurst, at: now };
    b.tokens = Math.min(spamBurst, b.tokens + (now - b.at) * spamRefillPerMs);
    b.at = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    touch(this.buckets, key, b);
    return ok;
  }
}

/** Sets `key` as the newest entry of an LRU map, dropping the oldest past the size. */
function touch<V>(m: Map<string, V>, key: string, v: V): void {
  m.delete(key);
  m.set(key, v);
  if (m.size > lruSize) m.delete(m.keys().next().value!);
}
