import t from 'tap';
import { parseCsv, parseTokenFile } from './tokenFile.js';

const files: Array<{ name: string; text: string; want: Record<string, { name: string; uid: string; groups: string[] }> | string }> = [
  { name: 'three columns', text: 'abc,alice,1\n', want: { abc: { name: 'alice', uid: '1', groups: [] } } },
  { name: 'quoted groups', text: 'abc,alice,1,"dev,ops"\r\ndef,bob,2,qa\n', want: { abc: { name: 'alice', uid: '1', groups: ['dev', 'ops'] }, def: { name: 'bob', uid: '2', groups: ['qa'] } } },
  { name: 'blank lines skipped, no final newline', text: '\nabc,alice,1\n\n', want: { abc: { name: 'alice', uid: '1', groups: [] } } },
  { name: 'empty token skipped', text: ',nobody,0\nabc,alice,1', want: { abc: { name: 'alice', uid: '1', groups: [] } } },
  { name: 'a later duplicate wins', text: 'abc,alice,1\nabc,bob,2\n', want: { abc: { name: 'bob', uid: '2', groups: [] } } },
  { name: 'escaped quote', text: '"a""b",alice,1\n', want: { 'a"b': { name: 'alice', uid: '1', groups: [] } } },
  // edges: too few columns, malformed quotes
  { name: 'two columns', text: 'abc,alice\n', want: "token file 'f.csv' must have at least 3 columns (token, user name, user uid), found 2" },
  { name: 'bare quote', text: 'a"b,alice,1\n', want: `token file 'f.csv': line 1: bare " in non-quoted-field` },
  { name: 'unterminated quote', text: 'abc,alice,"1\n', want: `token file 'f.csv': line 1: extraneous or missing " in quoted-field` },
];
for (const c of files) {
  t.test(c.name, async (t) => {
    if (typeof c.want === 'string') return void t.throws(() => parseTokenFile(c.text, 'f.csv'), { message: c.want });
    t.same(Object.fromEntries(parseTokenFile(c.text, 'f.csv')), c.want);
  });
}

t.test('parseCsv numbers records by their first line', async (t) => {
  t.same(parseCsv('a,"x\ny"\n\nb,c\n'), [{ line: 1, fields: ['a', 'x\ny'] }, { line: 4, fields: ['b', 'c'] }]);
});
