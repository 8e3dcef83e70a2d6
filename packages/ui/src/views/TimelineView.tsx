/**
 * The timeline: the last 1,000 watch events (type, kind, namespace/name, resourceVersion) and
 * Events (type, reason, involved object, count, message), newest first, filterable by namespace
 * and kind, in a virtualised list. Text only (Preact escapes). A row is one line of fixed-width
 * inline cells with no clip of its own (kind and reason shortened to their cell, the list clips
 * the rest) and is drawn once: rows never change, only move.
 */
import { useState } from 'preact/hooks';
import type { TimelineRow } from '../model/timeline.js';
import { useCollections } from '../store/hooks.js';
import { panelCollections, timelineKinds, timelineOf } from '../store/timelineFeed.js';
import { memo } from './memo.js';
import { cellText, VirtualList } from './VirtualList.js';

const rowHeight = 18;
const watched = [...Object.keys(timelineKinds), ...Object.keys(panelCollections)];

export function TimelineView() {
  const store = useCollections(...watched);
  const timeline = timelineOf(store);
  const [namespace, setNamespace] = useState('');
  const [kind, setKind] = useState('');
  const rows = timeline.rows({ namespace, kind }).reverse();
  const facets = timeline.facets();
  return (
    <section class="timeline" aria-label="Timeline">
      <h2>
        Timeline <span class="count">{`${rows.length} shown, last ${timeline.capacity} kept`}</span>
      </h2>
      <div class="filters">
        <Choice label="Namespace" name="namespace" value={namespace} options={facets.namespaces} onChange={setNamespace} />
        <Choice label="Kind" name="kind" value={kind} options={facets.kinds} onChange={setKind} />
      </div>
      <VirtualList class="timeline-rows" label="Timeline rows" count={rows.length} rowHeight={rowHeight} height={rowHeight * 16} renderRow={(i) => <Row key={rows[i]!.seq} row={rows[i]!} />} />
    </section>
  );
}

function Choice(p: { label: string; name: string; value: string; options: string[]; onChange: (v: string) => void }) {
  const options = p.value && !p.options.includes(p.value) ? [p.value, ...p.options] : p.options;
  return (
    <label>
      {p.label}{' '}
      <select name={p.name} value={p.value} onChange={(e) => p.onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">all</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

const clock = (at: number): string => new Date(at).toISOString().slice(11, 23);
/** Characters of the kind and reason cells (ui.css .tl-kind, .tl-reason). */
const cellChars = 17;

const Row = memo(function Row({ row }: { row: TimelineRow }) {
  const ref = `${row.namespace ? `${row.namespace}/` : ''}${row.name}`;
  const common = { role: 'listitem' as const, 'data-seq': row.seq, 'data-source': row.source, 'data-type': row.type, 'data-kind': row.kind, 'data-namespace': row.namespace, 'data-name': row.name, 'data-rv': row.resourceVersion };
  if (row.source === 'watch') {
    return (
      <div class={`tl-row tl-watch tl-${row.type.toLowerCase()}`} {...common}>
        <span class="tl-time">{clock(row.at)}</span>
        <span class="tl-type">{row.type}</span>
        <span class="tl-kind">{cellText(row.kind, cellChars)}</span>
        <span class="tl-name">{ref}</span>
        <span class="tl-rv">{`rv=${row.resourceVersion}`}</span>
      </div>
    );
  }
  const inv = row.involved;
  return (
    <div class={`tl-row tl-event tl-${row.type === 'Warning' ? 'warning' : 'normal'}`} {...common} data-reason={row.reason} data-involved={`${inv.kind}/${inv.name}`} title={row.message}>
      <span class="tl-time">{clock(row.at)}</span>
      <span class="tl-type">{row.type}</span>
      <span class="tl-reason">{cellText(row.reason, cellChars)}</span>
      <span class="tl-name">{`${inv.kind.toLowerCase()}/${inv.name}`}</span>
      {row.count > 1 && <span class="tl-count">{`x${row.count}`}</span>}
      <span class="tl-message">{row.message}</span>
    </div>
  );
});
