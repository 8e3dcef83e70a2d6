import t from 'tap';
import { BadRequest, Invalid } from '../errors.js';
import { parsePodLogOptions, podLogQuery, validatePodLogOptions, type LogQuery, type PodLogOptions } from './podLogOptions.js';

const base: PodLogOptions = { follow: false, previous: false, timestamps: false };

t.test('parsePodLogOptions', async (t) => {
  const cases: Array<{ name: string; q: LogQuery; want?: PodLogOptions; error?: string }> = [
    { name: 'nothing set', q: {}, want: base },
    { name: 'kubectl -f --timestamps -c app', q: { follow: 'true', timestamps: 'true', container: 'app' }, want: { ...base, follow: true, timestamps: true, container: 'app' } },
    // apimachinery reads any value but 0/f/false as true, even an empty one
    { name: 'booleans as Go converts them', q: { follow: '', previous: 'F', timestamps: '1' }, want: { ...base, follow: true, timestamps: true } },
    { name: 'the first of repeated values', q: { tailLines: ['3', 'x'] }, want: { ...base, tailLines: 3 } },
    { name: 'numbers', q: { sinceSeconds: '5', limitBytes: '100', tailLines: '-1' }, want: { ...base, sinceSeconds: 5, limitBytes: 100, tailLines: -1 } },
    // metav1.Time keeps whole seconds
    { name: 'sinceTime to whole seconds', q: { sinceTime: '2026-12-05T02:00:00.750Z' }, want: { ...base, sinceTime: Date.parse('2026-12-05T02:00:00Z') } },
    { name: 'an empty sinceTime is unset', q: { sinceTime: '' }, want: base },
    { name: 'not a number', q: { tailLines: 'ten' }, error: 'strconv.ParseInt: parsing "ten": invalid syntax' },
    // beyond int64
    { name: 'out of range', q: { limitBytes: '9223372036854775808' }, error: 'strconv.ParseInt: parsing "9223372036854775808": value out of range' },
    { name: 'not a time', q: { sinceTime: 'yesterday' }, error: 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"' },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      if (c.error) {
        t.throws(() => parsePodLogOptions(c.q), new BadRequest(c.error));
        return;
      }
      t.same(parsePodLogOptions(c.q), c.want);
    });
  }
});

t.test('validatePodLogOptions', async (t) => {
  const cases: Array<{ name: string; o: Partial<PodLogOptions>; want?: string }> = [
    { name: 'valid', o: { tailLines: 0, limitBytes: 1, sinceSeconds: 1 } },
    // 0 lines is a valid tail (nothing printed)
    { name: 'negative tail', o: { tailLines: -1 }, want: 'PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0' },
    { name: 'zero limitBytes', o: { limitBytes: 0 }, want: 'PodLogOptions "p" is invalid: limitBytes: Invalid value: 0: must be greater than 0' },
    { name: 'zero sinceSeconds', o: { sinceSeconds: 0 }, want: 'PodLogOptions "p" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0' },
    { name: 'both since', o: { sinceSeconds: 0, sinceTime: 1 }, want: 'PodLogOptions "p" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' },
    {
      name: 'several', o: { tailLines: -2, limitBytes: -1 },
      want: 'PodLogOptions "p" is invalid: [tailLines: Invalid value: -2: must be greater than or equal to 0, limitBytes: Invalid value: -1: must be greater than 0]',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      const run = () => validatePodLogOptions('p', { ...base, ...c.o });
      if (!c.want) return void t.doesNotThrow(run);
      try {
        run();
        t.fail('no error');
      } catch (e: unknown) {
        t.ok(e instanceof Invalid);
        t.equal((e as Invalid).message, c.want);
        t.equal((e as Invalid).code, 422);
      }
    });
  }
});

t.test('podLogQuery: set options only, keys sorted, sinceTime in seconds', async (t) => {
  t.equal(podLogQuery(base), '');
  t.equal(podLogQuery({ ...base, timestamps: true, follow: true, tailLines: 2, sinceTime: Date.parse('2026-12-05T02:00:00Z'), limitBytes: 9, previous: true, container: 'x' }),
    'follow=true&limitBytes=9&previous=true&sinceTime=2026-12-05T02%3A00%3A00Z&tailLines=2&timestamps=true');
  t.equal(podLogQuery({ ...base, sinceSeconds: 5 }), 'sinceSeconds=5');
});
