import t from 'tap';
import { InvalidRange } from './errors.js';
import { formatPortRange, parsePortRange, portRangeContains } from './portRange.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected a throw');
}

t.test('parsePortRange', async (t) => {
  const ok: Array<{ in: string; base: number; size: number; why: string }> = [
    { in: '30000-32767', base: 30000, size: 2768, why: 'kube default' },
    { in: ' 30000-32767 ', base: 30000, size: 2768, why: 'surrounding spaces are trimmed' },
    { in: '30000+2767', base: 30000, size: 2768, why: 'base+offset form' },
    { in: '8080', base: 8080, size: 1, why: 'a single port' },
    { in: '', base: 0, size: 0, why: 'empty range' },
    { in: '1-65535', base: 1, size: 65535, why: 'everything' },
  ];
  for (const c of ok) t.same(parsePortRange(c.in), { base: c.base, size: c.size }, `${JSON.stringify(c.in)}: ${c.why}`);

  const bad: Array<{ in: string; err: string; why: string }> = [
    { in: '32767-30000', err: 'end port cannot be less than start port: 32767-30000', why: 'reversed' },
    { in: '30000-70000', err: 'the port range cannot be greater than 65535: 30000-70000', why: 'past the port space' },
    { in: '65535+1', err: 'the port range cannot be greater than 65535: 65535+1', why: 'offset pushes past the port space' },
    { in: 'a-b', err: 'strconv.Atoi: parsing "a": invalid syntax', why: 'not numbers' },
    { in: '-5', err: 'strconv.Atoi: parsing "": invalid syntax', why: 'a leading hyphen splits off an empty start' },
    { in: '1-2+3', err: 'unable to parse port range: 1-2+3', why: 'both notations at once' },
    { in: '30000 - 32767', err: 'strconv.Atoi: parsing "30000 ": invalid syntax', why: 'inner spaces are not trimmed' },
  ];
  for (const c of bad) {
    const e = thrown(() => parsePortRange(c.in));
    t.ok(e instanceof InvalidRange, `${c.in}: ${c.why}`);
    t.equal((e as Error).message, c.err, c.why);
  }
  t.equal(formatPortRange({ base: 30000, size: 2768 }), '30000-32767');
  t.equal(formatPortRange({ base: 0, size: 0 }), '');
});

t.test('portRangeContains', async (t) => {
  const pr = { base: 30000, size: 2768 };
  t.ok(portRangeContains(pr, 30000), 'base');
  t.ok(portRangeContains(pr, 32767), 'last');
  t.notOk(portRangeContains(pr, 32768), 'one past the last');
  t.notOk(portRangeContains(pr, 29999), 'one below the base');
  t.notOk(portRangeContains(pr, 30000.5), 'not an integer');
  t.notOk(portRangeContains({ base: 0, size: 0 }, 0), 'the empty range holds nothing');
});
