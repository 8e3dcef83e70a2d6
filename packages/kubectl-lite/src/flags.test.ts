import t from 'tap';
import { commonFlags, globalFlags, parseFlags, splitKeyValue, writeOutputFlags } from './flags.js';

t.test('splitKeyValue splits at the first =', async (t) => {
  const cases: { text: string; want: [string, string] | undefined }[] = [
    { text: 'a=b', want: ['a', 'b'] },
    { text: 'a=b=c', want: ['a', 'b=c'] },
    { text: 'a=', want: ['a', ''] },
    { text: '=b', want: ['', 'b'] },
    { text: 'ab', want: undefined },
    { text: '', want: undefined },
  ];
  for (const c of cases) t.same(splitKeyValue(c.text), c.want, JSON.stringify(c.text));
});

t.test('the shared flag specs parse as each verb spelled them', async (t) => {
  const specs = [...globalFlags, ...writeOutputFlags, commonFlags.selector, commonFlags.allNamespaces, commonFlags.filename, commonFlags.recursive];
  // Each case: the argv and what it must read as, [got, want] pairs.
  const cases: { argv: string[]; pairs: (p: ReturnType<typeof parseFlags>) => [unknown, unknown][] }[] = [
    { argv: ['--dry-run', 'x'], pairs: (p) => [[p.flags.string('dry-run'), 'unchanged'], [p.args, ['x']]] },
    { argv: ['--dry-run=server', '-oyaml'], pairs: (p) => [[p.flags.string('dry-run'), 'server'], [p.flags.string('output'), 'yaml']] },
    { argv: ['--field-manager', 'me', '-l', 'a=b'], pairs: (p) => [[p.flags.string('field-manager'), 'me'], [p.flags.string('selector'), 'a=b']] },
    { argv: ['-A', '-f', 'a,b', '-f', 'c', '-R'], pairs: (p) => [[p.flags.bool('all-namespaces'), true], [p.flags.strings('filename'), ['a,b', 'c']], [p.flags.bool('recursive'), true]] },
  ];
  for (const c of cases) {
    for (const [got, want] of c.pairs(parseFlags(c.argv, specs, 'test'))) t.same(got, want, c.argv.join(' '));
  }
});
