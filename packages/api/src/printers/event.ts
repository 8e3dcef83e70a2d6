/**
 * core/v1 Event table: LAST SEEN TYPE REASON OBJECT [SUBOBJECT SOURCE] MESSAGE
 * [FIRST SEEN COUNT NAME].
 *
 * Contract: pure.
 * - FIRST SEEN: age of firstTimestamp, else of eventTime (events.k8s.io-style events).
 * - LAST SEEN: age of series.lastObservedTime for a series, else of lastTimestamp, else FIRST SEEN.
 * - COUNT: series.count for a series, else count, and 1 for a singleton with count 0 (integer).
 * - OBJECT: `kind/name` in lower-case kind (just the kind without a name).
 * - SOURCE: `component, host`, each falling back to reportingComponent / reportingInstance;
 *   just the component when there is no host.
 * - MESSAGE is whitespace-trimmed.
 * Upstream: pkg/printers/internalversion/printers.go (printEvent, formatEventSource)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { parseTimestamp, translateTimestampSince } from './age.js';
import { column, columns, wideColumn } from './columns.js';
import { eventDoc, objectMetaDoc } from './descriptions.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

export interface EventView {
  metadata: ObjectMeta;
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

export const eventColumns = columns(
  column('Last Seen', eventDoc.lastTimestamp),
  column('Type', eventDoc.type),
  column('Reason', eventDoc.reason),
  column('Object', eventDoc.involvedObject),
  wideColumn('Subobject', eventDoc.fieldPath),
  wideColumn('Source', eventDoc.source),
  column('Message', eventDoc.message),
  wideColumn('First Seen', eventDoc.firstTimestamp),
  wideColumn('Count', eventDoc.count),
  wideColumn('Name', objectMetaDoc.name, { format: 'name' }),
);

export function eventSource(ev: EventView): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance === '' ? component : `${component}, ${instance}`;
}

export function eventTarget(ev: EventView): string {
  const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
  const name = ev.involvedObject?.name ?? '';
  return name.length > 0 ? `${kind}/${name}` : kind;
}

export const eventPrinter: KindPrinter = {
  columns: eventColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const ev = obj as unknown as EventView;
    const firstSeen =
      parseTimestamp(ev.firstTimestamp) === undefined
        ? translateTimestampSince(ev.eventTime, now)
        : translateTimestampSince(ev.firstTimestamp, now);
    let lastSeen =
      parseTimestamp(ev.lastTimestamp) === undefined ? firstSeen : translateTimestampSince(ev.lastTimestamp, now);
    let count = ev.count ?? 0;
    if (ev.series) {
      lastSeen = translateTimestampSince(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      // Singleton events don't set count in the events.k8s.io API.
      count = 1;
    }
    return {
      cells: [
        lastSeen,
        ev.type ?? '',
        ev.reason ?? '',
        eventTarget(ev),
        ev.involvedObject?.fieldPath ?? '',
        eventSource(ev),
        (ev.message ?? '').trim(),
        firstSeen,
        count,
        ev.metadata.name ?? '',
      ],
    };
  },
};
