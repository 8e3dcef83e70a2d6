import t from 'tap';
import { maxTimerMs, timerMs } from './timerBound.js';

const cases = [
  { name: 'an ordinary timeout', seconds: 30, want: 30_000 },
  // The first whole second whose milliseconds overflow Node's 32-bit timer.
  { name: '2147484 s clamps', seconds: 2147484, want: maxTimerMs },
  // The largest int64 a client can send.
  { name: 'int64 max clamps', seconds: Number('9223372036854775807'), want: maxTimerMs },
  { name: 'the last second that fits', seconds: 2147483, want: 2_147_483_000 },
  // Negative delays are not a thing for a timer.
  { name: 'negative is zero', seconds: -5, want: 0 },
  { name: 'infinity clamps', seconds: Infinity, want: maxTimerMs },
];

for (const c of cases) t.test(c.name, async (t) => t.equal(timerMs(c.seconds), c.want));
