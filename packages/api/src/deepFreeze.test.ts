import t from 'tap';
import { deepFreeze } from './deepFreeze.js';

t.test('deepFreeze freezes everything reachable and returns its argument', async (t) => {
  const cases: Array<{ name: string; given: () => unknown; reach: (v: any) => unknown[] }> = [
    { name: 'nested objects and arrays', given: () => ({ a: { b: [{ c: 1 }, [2]] } }), reach: (v) => [v, v.a, v.a.b, v.a.b[0], v.a.b[1]] },
    // edge: scalars and null pass through untouched
    { name: 'a scalar', given: () => 5, reach: () => [] },
    { name: 'null', given: () => null, reach: () => [] },
    // edge: deeper than any recursion limit would allow
    { name: '100000 levels', given: () => { const root: any = {}; let n = root; for (let i = 0; i < 100000; i++) n = n.x = {}; return root; }, reach: (v) => { const out = []; for (let n = v; n; n = n.x) out.push(n); return out; } },
  ];
  for (const c of cases) {
    const v = c.given();
    t.equal(deepFreeze(v), v, `${c.name}: same value`);
    t.ok(c.reach(v).every((x) => Object.isFrozen(x)), `${c.name}: all frozen`);
  }
  t.throws(() => {
    'use strict';
    (deepFreeze({ a: { b: 1 } }) as any).a.b = 2;
  }, TypeError, 'writes throw');
});
