/**
 * Watch: streams a resource's changes as kube does, over chunked HTTP (one JSON event per line)
 * or over a WebSocket (one event per text message).
 *
 * Contract:
 * - resourceVersion unset or "0": synthetic ADDED events for the current state, then changes.
 *   "N": every change after N, in revision order, none missed, none twice (history older than
 *   the log's in-memory window is replayed from SQLite in paced pages, as the initial state is).
 *   N older than the compaction mark: one ERROR event carrying a 410 Expired Status, then the
 *   stream ends.
 * - sendInitialEvents=true (with resourceVersionMatch=NotOlderThan): the initial ADDED burst ends
 *   with a BOOKMARK annotated k8s.io/initial-events-end. allowWatchBookmarks=true adds periodic
 *   BOOKMARKs. timeoutSeconds ends the stream (default: random in [30, 60) minutes).
 * - Selectors filter events; an object that stops matching is sent as DELETED, one that starts
 *   matching as ADDED.
 * - The initial state is read from one pinned snapshot in pages of ~`pageBytes` (stored JSON sent
 *   as is: no parse unless a selector needs it), one page per time slice, and a page is produced
 *   only once the previous one left the sink (below `highWaterBytes`): a 30 MB state reaches a
 *   fast reader whole, and 250 such watches opening at once never hold the event loop. Live
 *   events meanwhile wait in the watch's outbox and follow the burst.
 * - A consumer whose unread live events exceed `maxBufferedBytes` is disconnected (it re-lists);
 *   so is one that stalls while the total of every watch's unread bytes is over the budget's cap.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go, storage/cacher/cacher.go
 */
import { ApiError, BadRequest, ResourceVersionTooOld, apiVersionOf, type KubeObject, type ResourceInfo } from '@miniplane/api';
import type { ResourceRegistry } from '../registry/resourceRegistry.js';
import { SnapshotCompacted } from '../storage/kvStore.js';
import { listPrefix } from '../registry/keys.js';
import type { StoreEvent } from '../storage/revisionLog.js';
import { SnapshotReader } from '../storage/snapshotReader.js';
import { TimeSlicer } from '../timeSlicer.js';
import { WatchBudget } from './watchBudget.js';
import { WatchOutbox, type Line } from './watchOutbox.js';
import type { WatchSink } from './watchSink.js';
import type { FieldZeroValues } from '@miniplane/api/fieldSelector';
import { selectorFilter } from './listOptions.js';
import { bool, int, str, type Query } from './query.js';
import { timerMs } from './timerBound.js';
import { wireJson } from './wireJson.js';

export type { WatchSink } from './watchSink.js';

export interface WatchOptions {
  /** Unread live events a watcher may have before it is cut (default 16 MiB). */
  maxBufferedBytes?: number;
  bookmarkIntervalMs?: number;
  random?: () => number;
  /** The bound on every watch's unread bytes together (default: one budget of 256 MiB per process). */
  budget?: WatchBudget;
  /** Where the initial burst's pages run (default: one slicer per process). */
  slicer?: TimeSlicer;
  /** Stored JSON per page of the initial burst (default 256 KiB). */
  pageBytes?: number;
  /** A burst page is produced only while the sink holds less than this (default 256 KiB). */
  highWaterBytes?: number;
}

const defaultBudget = new WatchBudget();
const defaultSlicer = new TimeSlicer();

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

/** Validates the watch parameters and turns them into a plan; `zeros` is the scheme's fieldZeroValues for the kind. */
export function planWatch(info: ResourceInfo, namespace: string | undefined, q: Query, random: () => number, zeros?: FieldZeroValues): WatchPlan {
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
    filter: selectorFilter(info, q, zeros),
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
 * The line of a live event, as one Buffer shared by every watcher that sends it unchanged: the
 * log publishes an event to all subscribers in one synchronous loop, so remembering the last
 * event's lines is enough.
 */
const addedHead = Buffer.from('{"type":"ADDED","object":');
const lineTail = Buffer.from('}\n');
let memoEvent: StoreEvent | undefined;
let memoLines: Record<string, Buffer> = {};
function sharedLine(e: StoreEvent, type: string): Buffer {
  if (memoEvent !== e) {
    memoEvent = e;
    memoLines = {};
  }
  return (memoLines[type] ??= Buffer.from(`{"type":"${type}","object":${e.value}}\n`));
}

/**
 * Runs one watch until the client goes, the timeout fires or the server stops. Returns a
 * function that ends it (used at shutdown).
 */
export function runWatch(registry: ResourceRegistry, plan: WatchPlan, sink: WatchSink, o: WatchOptions = {}): () => void {
  const log = registry.watchFeed;
  const budget = o.budget ?? defaultBudget;
  const slicer = o.slicer ?? defaultSlicer;
  const line = (type: string, json: string): string => `{"type":"${type}","object":${plan.transform ? plan.transform(type, json) : json}}\n`;
  const eventLine = (e: StoreEvent, type: string): Line => (plan.transform ? line(type, e.value) : sharedLine(e, type));
  let ended = false;
  let unsubscribe = () => {};
  let reader: SnapshotReader | undefined;
  const timers: NodeJS.Timeout[] = [];
  let lastRev = 0;
  const member = { unread: () => outbox.unread(), cut: () => cut() };
  const outbox = new WatchOutbox(sink, {
    highWaterBytes: o.highWaterBytes ?? 256 * 1024,
    maxBufferedBytes: o.maxBufferedBytes ?? 16 * 1024 * 1024,
    onChange: () => budget.report(member, outbox.unread()),
    onOverflow: () => cut(),
  });
  const end = () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    reader?.close();
    timers.forEach(clearTimeout);
    budget.leave(member);
    outbox.release();
    sink.close();
  };
  // Too slow: drop it (a graceful end would wait for the same backlog); the client re-lists.
  const cut = () => {
    end();
    sink.abort();
  };
  sink.onClose(end);
  budget.join(member);
  const matches = (json: string | undefined): boolean => {
    if (json === undefined) return false;
    return !plan.filter || plan.filter(JSON.parse(json) as KubeObject);
  };
  let startRev = 0;
  let replaying = true;
  /** Sends what `e` means to this watch (with its selector) through `out`. */
  const deliver = (e: StoreEvent, out: (l: Line) => void) => {
    // A write of a batch not yet committed may already be in the initial state: skip it here.
    if (ended || e.rev <= startRev) return;
    lastRev = e.rev;
    if (!e.key.startsWith(plan.prefix)) return;
    if (!plan.filter) return out(eventLine(e, e.type));
    if (e.type === 'DELETED') return matches(e.value) ? out(eventLine(e, 'DELETED')) : undefined;
    const now = matches(e.value);
    const before = e.type === 'MODIFIED' && matches(e.prevValue);
    if (now && before) out(eventLine(e, 'MODIFIED'));
    else if (now) out(eventLine(e, 'ADDED'));
    else if (before) out(eventLine(e, 'DELETED'));
  };
  const onEvent = (e: StoreEvent) => deliver(e, (l) => outbox.push(l, replaying));
  const direct = (l: Line) => outbox.write(l);
  const fail = (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    outbox.write(wireJson({ type: 'ERROR', object: e.toStatus() }));
    end();
  };
  const failAsync = (e: unknown) => {
    if (e instanceof SnapshotCompacted) fail(new ResourceVersionTooOld(e.rev, log.compactRevision + 1));
    else if (e instanceof ApiError) fail(e);
    else cut();
  };
  let history: { after: number; upTo: number; unpin: () => void } | undefined;
  try {
    // The snapshot and the subscription happen in one synchronous step: no write falls between.
    if (plan.initialEvents) reader = new SnapshotReader(registry.store, plan.prefix);
    startRev = lastRev = reader?.rev ?? plan.fromRev ?? log.currentRevision;
    if (!reader && !log.replaysFromMemory(startRev)) {
      // History older than the in-memory window: subscribe from the newest commit and replay
      // the rest from SQLite in paced pages (the live events wait, queued, behind it).
      if (startRev < log.compactRevision) throw new ResourceVersionTooOld(startRev, log.compactRevision + 1);
      history = { after: startRev, upTo: log.committedRevision, unpin: log.pin(startRev) };
    }
    if (!reader && !history) outbox.open();
    unsubscribe = log.subscribe(history?.upTo ?? startRev, onEvent);
    replaying = false;
  } catch (e) {
    fail(e);
    return end;
  }
  if (reader) {
    const r = reader;
    const pageBytes = o.pageBytes ?? 256 * 1024;
    void paced(() => {
      const rows = r.next(pageBytes);
      if (!rows) return false;
      for (const row of rows) {
        if (plan.filter && !plan.filter(JSON.parse(row.value.toString('utf8')) as KubeObject)) continue;
        if (plan.transform) outbox.write(line('ADDED', row.value.toString('utf8')));
        else outbox.writeParts([addedHead, row.value, lineTail]);
      }
      return true;
    }).then(() => {
      r.close();
      if (ended) return;
      if (plan.initialEventsEndBookmark) outbox.write(bookmarkLine(plan.info, r.rev, true) + '\n');
      outbox.open();
    }, failAsync);
  }
  if (history) {
    const h = history;
    let limit = 1;
    void paced(() => {
      const events = log.eventsPage(h.after, h.upTo, limit);
      let bytes = 0;
      for (const e of events) {
        deliver(e, direct);
        bytes += e.value.length;
      }
      if (events.length === 0) return false;
      h.after = events[events.length - 1]!.rev;
      limit = Math.max(1, Math.min(1000, limit * 4, Math.floor(((o.pageBytes ?? 256 * 1024) * events.length) / bytes)));
      return h.after < h.upTo;
    }).then(() => {
      h.unpin();
      if (!ended) outbox.open();
    }, (e: unknown) => {
      h.unpin();
      failAsync(e);
    });
  }
  timers.push(setTimeout(end, plan.timeoutMs));
  if (plan.bookmarks) {
    const interval = o.bookmarkIntervalMs ?? 60_000;
    const tick = () => {
      if (ended) return;
      outbox.push(bookmarkLine(plan.info, Math.max(lastRev, log.currentRevision), false) + '\n');
      timers.push(setTimeout(tick, interval));
    };
    timers.push(setTimeout(tick, interval));
  }
  return end;

  /**
   * Runs `page` (one page of the initial state or of history, written straight to the sink)
   * once per time slice, each time only once the previous page has left the socket and the
   * total budget has room, until it returns false or the watch ends.
   */
  async function paced(page: () => boolean): Promise<void> {
    for (;;) {
      await budget.room();
      while (!ended && outbox.full()) await outbox.drained();
      if (ended) return;
      const more = await slicer.run(() => !ended && page());
      budget.report(member, outbox.unread());
      if (!more) return;
    }
  }
}
