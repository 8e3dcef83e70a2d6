/**
 * virtualWindow: which rows of a long fixed-height list to put in the DOM — only those in the
 * viewport plus `overscan` on each side — and the spacer heights that keep the scrollbar true.
 * 10,000 pods become ~40 row elements.
 *
 * Contract: pure. Rows are `rowHeight` px tall; `start` is inclusive, `end` exclusive,
 * 0 <= start <= end <= count; `before` + (end - start) * rowHeight + `after` = count * rowHeight.
 * A scrollTop past the end (the list shrank under the scrollbar) shows the last rows; negative
 * or non-finite inputs (overscroll bounce, a hidden container) count as 0.
 */

export interface WindowInput {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  /** Rows rendered beyond each edge, so a fast scroll shows no blank; default 8. */
  overscan?: number;
}

export interface VirtualWindow {
  start: number;
  end: number;
  /** Spacer height above the first rendered row, px. */
  before: number;
  /** Spacer height below the last rendered row, px. */
  after: number;
}

const nonNegative = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

export function virtualWindow(i: WindowInput): VirtualWindow {
  const count = Math.floor(nonNegative(i.count));
  const rowHeight = nonNegative(i.rowHeight) || 1;
  const overscan = Math.floor(nonNegative(i.overscan ?? 8));
  const visible = Math.ceil(nonNegative(i.viewportHeight) / rowHeight);
  const maxTop = Math.max(0, count - visible);
  const first = Math.min(maxTop, Math.floor(nonNegative(i.scrollTop) / rowHeight));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}
