/**
 * A virtualised list: a scrolling box of fixed-height rows of which only the visible ones (plus
 * a few either side, model/virtualWindow.ts) are in the DOM, so a list of 10,000 pods costs ~40
 * elements to render and diff. Spacers above and below keep the scrollbar true.
 *
 * Contract: every row is exactly `rowHeight` px (ui.css gives a `role="listitem"` row that height);
 * `renderRow(i)` is called only for the rows drawn, and must return one keyed element. The box
 * is `height` px tall, less when the rows fit. Lists of up to `virtualizeAbove` rows (default
 * 200) are drawn whole: cheap at that size, and every row stays findable in the DOM (a pod of the
 * seed demo's 250). `data-count` carries the full row count.
 */
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { virtualWindow } from '../model/virtualWindow.js';

/** A row's fixed-width cell holds `chars` characters (ui.css widths in ch): longer text is cut with "…" (give it in full in a title). */
export const cellText = (text: string, chars: number): string => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** The box's height in px when the rows do not fit. */
  height: number;
  renderRow: (i: number) => ComponentChild;
  class?: string;
  label?: string;
  virtualizeAbove?: number;
}

export function VirtualList(p: VirtualListProps) {
  const [top, setTop] = useState(0);
  const whole = p.count <= (p.virtualizeAbove ?? 200);
  const w = whole ? { start: 0, end: p.count, before: 0, after: 0 } : virtualWindow({ count: p.count, rowHeight: p.rowHeight, scrollTop: top, viewportHeight: p.height });
  const rows: ComponentChild[] = [];
  for (let i = w.start; i < w.end; i++) rows.push(p.renderRow(i));
  return (
    <div
      class={`vlist ${p.class ?? ''}`}
      role="list"
      aria-label={p.label}
      data-count={p.count}
      style={{ maxHeight: `${p.height}px`, overflowY: 'auto', overflowX: 'hidden', ['--row-height' as string]: `${p.rowHeight}px` }}
      onScroll={(e) => setTop((e.currentTarget as HTMLElement).scrollTop)}
    >
      <div style={{ height: `${w.before}px` }} />
      {rows}
      <div style={{ height: `${w.after}px` }} />
    </div>
  );
}
