import t from 'tap';
import { virtualWindow, type VirtualWindow, type WindowInput } from './virtualWindow.js';

const base: WindowInput = { count: 10_000, rowHeight: 20, scrollTop: 0, viewportHeight: 400, overscan: 5 };
const cases: Array<{ name: string; given: Partial<WindowInput>; want: VirtualWindow }> = [
  { name: 'top of a long list: the viewport (20 rows) plus overscan below', given: {}, want: { start: 0, end: 25, before: 0, after: 9975 * 20 } },
  { name: 'middle: overscan both sides', given: { scrollTop: 20 * 1000 }, want: { start: 995, end: 1025, before: 995 * 20, after: (10_000 - 1025) * 20 } },
  { name: 'a partly scrolled row is still drawn', given: { scrollTop: 20 * 1000 + 7 }, want: { start: 995, end: 1025, before: 995 * 20, after: (10_000 - 1025) * 20 } },
  { name: 'bottom', given: { scrollTop: 20 * 9980 }, want: { start: 9975, end: 10_000, before: 9975 * 20, after: 0 } },
  // The list shrank (pods deleted) while scrolled far down: show its last rows, not nothing.
  { name: 'scrollTop past the end', given: { count: 30, scrollTop: 20 * 5000 }, want: { start: 5, end: 30, before: 100, after: 0 } },
  { name: 'shorter than the viewport: all rows', given: { count: 7 }, want: { start: 0, end: 7, before: 0, after: 0 } },
  { name: 'empty list', given: { count: 0, scrollTop: 300 }, want: { start: 0, end: 0, before: 0, after: 0 } },
  // Overscroll bounce gives a negative scrollTop; a hidden container has height 0.
  { name: 'negative scrollTop counts as 0', given: { scrollTop: -50 }, want: { start: 0, end: 25, before: 0, after: 9975 * 20 } },
  { name: 'hidden container: overscan rows only', given: { viewportHeight: 0 }, want: { start: 0, end: 5, before: 0, after: 9995 * 20 } },
  // NaN from a not-yet-measured layout must not produce NaN spacers.
  { name: 'NaN measurements', given: { scrollTop: Number.NaN, viewportHeight: Number.NaN }, want: { start: 0, end: 5, before: 0, after: 9995 * 20 } },
  { name: 'no overscan', given: { overscan: 0, scrollTop: 200 }, want: { start: 10, end: 30, before: 200, after: 9970 * 20 } },
];

t.test('windows', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const input = { ...base, ...c.given };
      const w = virtualWindow(input);
      t.same(w, c.want);
      const count = Math.max(0, input.count);
      t.equal(w.before + (w.end - w.start) * input.rowHeight + w.after, count * input.rowHeight, 'heights add up');
    });
  }
});

t.test('default overscan is 8 and the rendered rows stay few at any scroll', async (t) => {
  for (let top = 0; top < 20 * 10_000; top += 20 * 777) {
    const w = virtualWindow({ count: 10_000, rowHeight: 20, scrollTop: top, viewportHeight: 600 });
    t.ok(w.end - w.start <= 30 + 16, `at ${top}: ${w.end - w.start} rows`);
  }
});
