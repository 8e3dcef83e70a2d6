import t from 'tap';
import { formatRFC3339, humanDuration, translateTimestampSince } from './age.js';
import { NOW, ago } from './testFixtures.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

const durations: Array<{ name: string; ms: number; want: string }> = [
  { name: 'now', ms: 0, want: '0s' },
  // Edge: up to 1.999s of clock skew into the future still reads as now.
  { name: 'slightly in the future', ms: -1999, want: '0s' },
  // Edge: 2s or more in the future is a broken clock.
  { name: 'far in the future', ms: -2 * S, want: '<invalid>' },
  { name: 'sub-second truncates', ms: 999, want: '0s' },
  { name: 'seconds', ms: 85 * S, want: '85s' },
  // Edge: seconds are shown up to 119s, not just up to a minute.
  { name: 'last seconds value', ms: 119 * S + 999, want: '119s' },
  { name: 'first minutes value', ms: 120 * S, want: '2m' },
  { name: 'minutes with seconds below 10m', ms: 3 * M + 5 * S, want: '3m5s' },
  { name: 'last m+s value', ms: 9 * M + 59 * S, want: '9m59s' },
  // Edge: from 10m on, seconds are dropped.
  { name: 'ten minutes', ms: 10 * M + 30 * S, want: '10m' },
  { name: 'minutes only up to 3h', ms: 179 * M + 59 * S, want: '179m' },
  // Edge: from 3h, hours and minutes.
  { name: 'three hours', ms: 3 * H, want: '3h' },
  { name: 'hours and minutes', ms: 3 * H + 4 * M, want: '3h4m' },
  { name: 'last h+m value', ms: 7 * H + 59 * M, want: '7h59m' },
  // Edge: from 8h, minutes are dropped.
  { name: 'eight hours', ms: 8 * H + 30 * M, want: '8h' },
  { name: 'hours up to 2 days', ms: 47 * H + 59 * M, want: '47h' },
  // Edge: from 48h, days (and hours below 8d).
  { name: 'two days', ms: 48 * H, want: '2d' },
  { name: 'days and hours', ms: 5 * D + 3 * H, want: '5d3h' },
  { name: 'whole days', ms: 5 * D, want: '5d' },
  // Edge: from 8d, hours are dropped.
  { name: 'eight days', ms: 8 * D + 5 * H, want: '8d' },
  { name: 'days up to two years', ms: 2 * Y - D, want: '729d' },
  // Edge: from 2 years (730 days), years and days.
  { name: 'two years', ms: 2 * Y, want: '2y' },
  { name: 'years and days', ms: 2 * Y + 3 * D, want: '2y3d' },
  // Edge: from 8 years, whole years only.
  { name: 'eight years', ms: 8 * Y + 100 * D, want: '8y' },
];

t.test('humanDuration', async (t) => {
  for (const c of durations) {
    t.test(c.name, async (t) => {
      t.equal(humanDuration(c.ms), c.want);
    });
  }
});

t.test('translateTimestampSince', async (t) => {
  const cases: Array<{ name: string; ts: string | undefined | null; want: string }> = [
    { name: 'five minutes ago', ts: ago(300), want: '5m' },
    { name: 'micro time keeps working', ts: '2025-06-01T11:59:30.123456Z', want: '29s' },
    // Edge: a zero metav1.Time prints as unknown.
    { name: 'missing', ts: undefined, want: '<unknown>' },
    { name: 'null', ts: null, want: '<unknown>' },
    { name: 'empty', ts: '', want: '<unknown>' },
    { name: 'unparsable', ts: 'yesterday-ish', want: '<unknown>' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.equal(translateTimestampSince(c.ts, NOW), c.want);
    });
  }
});

t.test('formatRFC3339', async (t) => {
  t.equal(formatRFC3339('2025-06-01T11:59:30.999Z'), '2025-06-01T11:59:30Z', 'drops sub-seconds');
  t.equal(formatRFC3339('2025-06-01T13:59:30+02:00'), '2025-06-01T11:59:30Z', 'converts to UTC');
  // Edge: the default convertor prints Go's zero time for an unset timestamp.
  t.equal(formatRFC3339(undefined), '0001-01-01T00:00:00Z');
});
