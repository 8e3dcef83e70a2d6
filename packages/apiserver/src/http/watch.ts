/**
 * Watch: streams a resource's changes as kube does, over chunked HTTP (one JSON event per line)
 * or over a WebSocket (one event per text message).
 *
 * Contract:
 * - resourceVersion unset or "0": synthetic ADDED events for the current state, then changes.
 *   "N": every change after N, in revision order, none missed, none twice. N older than the
 *   compaction mark: one ERROR event carrying a 410 Expired Status, then the stream ends.
 * - sendInitialEvents=true (with resourceVersionMatch=NotOlderThan): the initial ADDED burst ends
 *   with a BOOKMARK annotated k8s.io/initial-events-end. allowWatchBookmarks=true adds periodic
 *   BOOKMARKs. timeoutSeconds ends the stream (default: random in [30, 60) minutes).
 * - Selectors filter events; an object that stops matching is sent as DELETED, one that starts
 *   matching as ADDED.
 * - A consumer whose unsent buffer exceeds `maxBufferedBytes` is disconnected (it re-lists).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go, storage/cacher/cacher.go
 */
import { ApiError, BadRequest, apiVersionOf, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { withTypeMeta, type ResourceRegistry } from '../registry/resourceRegistry.js';
import { listPrefix } from '../registry/keys.js';
import type { StoreEvent } from '../storage/revisionLog.js';
import { selectorFilter } from './listOptions.js';
import { bool, int, str, type Query } from './query.js';
import { timerMs } from './timerBound.js';

/** Where events go: an HTTP response or a WebSocket. */
export interface WatchSink {
  send(line: string): void;
  /** Bytes queued but not yet written to the socket. */
  buffered(): number;
  close(): void;
  /** Drops the connection at once, unsent data and all (a consumer too slow to keep up). */
  abort(): void;
  onClose(fn: () => void): void;
}

export interface WatchOptions {
  maxBufferedBytes?: number;
  bookmarkIntervalMs?: number;
  random?: () => number;
}

export interface WatchPlan {
  info: ResourceInfo;
  prefix: string;
  filter?: (o: KubeObject) => boolean;
  /** undefined = start with the current state. */
  fromRev?: number;
  initialEvents: boolean;
  initialEventsEndBookmark: boolean;
  bookmarks: boolean;
  timeoutMs: number;
  /** Turns each event's object JSON into what is sent (Table rows for kubectl, or as is). */
  transform?: (type: string, objectJson: string) => string;
}

/** Validates the watch parameters and turns them into a plan. */
export function planWatch(info: ResourceInfo, namespace: string | undefined, q: Query, random: () => number): WatchPlan {
  const rv = str(q, 'resourceVersion');
  const sendInitial = q.sendInitialEvents === undefined ? undefined : bool(q, 'sendInitialEvents');
  const match = str(q, 'resourceVersionMatch');
  const bookmarks = bool(q, 'allowWatchBookmarks');
  if (sendInitial !== undefined && match !== 'NotOlderThan') {
    throw new BadRequest(`sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan`);
  }
  if (match && match !== 'NotOlderThan') throw new BadRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "NotOlderThan"`);
  if (rv && rv !== '0' && !/^\d+$/.test(rv)) throw new BadRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  const timeoutSeconds = int(q, 'timeoutSeconds');
  const plan: WatchPlan = {
    info,
    prefix: listPrefix(info, namespace),
    filter: selectorFilter(info, q),
    initialEvents: sendInitial ?? (!rv || rv === '0'),
    initialEventsEndBookmark: sendInitial === true,
    bookmarks,
    timeoutMs: timerMs(timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds : 1800 + Math.floor(random() * 1800)),
  };
  if (rv && rv !== '0') plan.fromRev = Number(rv);
  return plan;
}

function bookmarkLine(info: ResourceInfo, rev: number, initialEnd: boolean): string {
  const metadata: Record<string, unknown> = { resourceVersion: String(rev) };
  if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return JSON.stringify({ type: 'BOOKMARK', object: { kind: info.kind, apiVersion: apiVersionOf(info), metadata } });
}

/**
 * Runs one watch until the client goes, the timeout fires or the server stops. Returns a
 * function that ends it (used at shutdown).
 */
export function runWatch(registry: ResourceRegistry, plan: WatchPlan, sink: WatchSink, o: WatchOptions = {}): () => void {
  const log = registry.store.log;
  const maxBuffered = o.maxBufferedBytes ?? 16 * 1024 * 1024;
  const line = (type: string, json: string) => `{"type":"${type}","object":${plan.transform ? plan.transform(type, json) : json}}`;
  let ended = false;
  let unsubscribe = () => {};
  const timers: NodeJS.Timeout[] = [];
  let lastRev = 0;
  const end = () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    timers.forEach(clearTimeout);
    sink.close();
  };
  sink.onClose(end);
  const send = (s: string) => {
    if (ended) return;
    sink.send(s + '\n');
    if (sink.buffered() > maxBuffered) {
      // Too slow: drop it (a graceful end would wait for the same backlog); the client re-lists.
      end();
      sink.abort();
    }
  };
  const matches = (json: string | undefined): boolean => {
    if (json === undefined) return false;
    return !plan.filter || plan.filter(JSON.parse(json) as KubeObject);
  };
  let startRev = 0;
  const onEvent = (e: StoreEvent) => {
    // A write of a batch not yet committed may already be in the initial state: skip it here.
    if (e.rev <= startRev) return;
    lastRev = e.rev;
    if (!e.key.startsWith(plan.prefix)) return;
    if (!plan.filter) return send(line(e.type, e.value));
    if (e.type === 'DELETED') return matches(e.value) ? send(line('DELETED', e.value)) : undefined;
    const now = matches(e.value);
    const before = e.type === 'MODIFIED' && matches(e.prevValue);
    if (now && before) send(line('MODIFIED', e.value));
    else if (now) send(line('ADDED', e.value));
    else if (before) send(line('DELETED', e.value));
  };
  try {
    let from = plan.fromRev;
    if (plan.initialEvents) {
      // Current state and subscription happen in one synchronous step: no write can fall between.
      const snap = registry.store.list(plan.prefix, { filter: plan.filter });
      for (const obj of snap.items) send(line('ADDED', JSON.stringify(withTypeMeta(plan.info, obj))));
      from = snap.rev;
      if (plan.initialEventsEndBookmark) send(bookmarkLine(plan.info, snap.rev, true));
    }
    startRev = lastRev = from ?? log.currentRevision;
    unsubscribe = log.subscribe(startRev, onEvent);
  } catch (e) {
    if (e instanceof ApiError) {
      send(JSON.stringify({ type: 'ERROR', object: e.toStatus() }));
      end();
      return end;
    }
    throw e;
  }
  timers.push(setTimeout(end, plan.timeoutMs));
  if (plan.bookmarks) {
    const interval = o.bookmarkIntervalMs ?? 60_000;
    const tick = () => {
      send(bookmarkLine(plan.info, Math.max(lastRev, log.currentRevision), false));
      if (!ended) timers.push(setTimeout(tick, interval));
    };
    timers.push(setTimeout(tick, interval));
  }
  return end;
}
