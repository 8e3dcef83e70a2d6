import t from 'tap';
import { goYaml } from './goYaml.js';

// Expected texts are what kubectl v1.32 printed for the same values (`kubectl get cm -o yaml`).
const cases: { name: string; given: unknown; want: string }[] = [
  { name: 'plain strings stay plain', given: { a: 'nginx', b: 'é ü', c: "it's" }, want: "a: nginx\nb: é ü\nc: it's\n" },
  // edge: strings that go-yaml would read back as another type are double-quoted
  { name: 'other-typed strings are double-quoted', given: { c: 'true', d: '12', m: 'null', n: '~', o: '1.5', p: '0x1F', q: 'yes', r: 'on', s: '2026-01-01', h: '' },
    want: 'c: "true"\nd: "12"\nh: ""\nm: "null"\n"n": "~"\no: "1.5"\np: "0x1F"\nq: "yes"\nr: "on"\ns: "2026-01-01"\n' },
  // edge: YAML indicators force single quotes
  { name: 'indicators are single-quoted', given: { b: '*', e: ': x', i: 'a: b', j: '- x', k: '#x', l: ' lead', u: '"q"', x: '{a}', y: '[1]', z: 'a #b' },
    want: `b: '*'\ne: ': x'\ni: 'a: b'\nj: '- x'\nk: '#x'\nl: ' lead'\nu: '"q"'\nx: '{a}'\n"y": '[1]'\nz: 'a #b'\n` },
  // edge: a tab is not printable for go-yaml
  { name: 'unprintable characters are escaped', given: { v: 'tab\tx' }, want: 'v: "tab\\tx"\n' },
  { name: 'multi-line text is a literal block', given: { f: 'line1\nline2', g: 'line1\nline2\n' }, want: 'f: |-\n  line1\n  line2\ng: |\n  line1\n  line2\n' },
  // edge: past column 80 a space becomes a line break
  { name: 'long plain text folds at 80 columns', given: { data: { a: 'a very long string with spaces that goes on and on and on past the eighty column limit of yaml emitters ok' } },
    want: 'data:\n  a: a very long string with spaces that goes on and on and on past the eighty column\n    limit of yaml emitters ok\n' },
  // edge: keys sort by their UTF-8 bytes (code points), not UTF-16 units: the emoji (a surrogate
  // pair, D83D..) sorts after U+E000 as its 4-byte encoding does (and is escaped: go-yaml prints only the BMP);
  // a prefix sorts first.
  { name: 'keys sort by UTF-8 bytes', given: { '\u{1F600}': 1, '\uE000': 2, 'é': 3, b: 4, ab: 5, a: 6, B: 7 },
    want: 'B: 7\na: 6\nab: 5\nb: 4\né: 3\n\uE000: 2\n"\\U0001F600": 1\n' },
  { name: 'sequences sit at their key\'s column', given: { items: [{ b: 1, a: [] }, 'x'], e: {} }, want: 'e: {}\nitems:\n- a: []\n  b: 1\n- x\n' },
];

for (const c of cases) t.test(c.name, async (t) => t.equal(goYaml(c.given), c.want));
