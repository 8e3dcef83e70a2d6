import t from 'tap';
import { metaTime } from './metaTime.js';

const cases: Array<{ name: string; at: Date | number; want: string }> = [
  { name: 'a Date', at: new Date(Date.UTC(2026, 10, 23, 17, 24, 9)), want: '2026-11-23T17:24:09Z' },
  { name: 'milliseconds since the epoch', at: Date.UTC(2026, 10, 23, 17, 24, 9), want: '2026-11-23T17:24:09Z' },
  // edge: sub-second parts are truncated, never rounded up into the next second
  { name: '999 ms is still the same second', at: Date.UTC(2026, 0, 1, 0, 0, 59, 999), want: '2026-01-01T00:00:59Z' },
  { name: 'the epoch', at: 0, want: '1970-01-01T00:00:00Z' },
];
for (const c of cases) {
  t.test(c.name, async (t) => {
    t.equal(metaTime(c.at), c.want);
  });
}
