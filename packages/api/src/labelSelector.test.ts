import t from 'tap';
import { BadRequest } from './errors.js';
import {
  everythingLabelSelector,
  labelSelectorFromMap,
  labelSelectorFromObject,
  nothingLabelSelector,
  parseLabelSelector,
  type LabelSet,
  type LabelSelectorObject,
} from './labelSelector.js';

const keyNameErr =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueErr =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** A pod's labels, the usual thing a selector is matched against. */
function podLabels(over: Record<string, string> = {}): LabelSet {
  return Object.freeze({ app: 'web', tier: 'front', n: '5', ...over });
}

t.test('parse + toString round trips in kube canonical form', async (t) => {
  const cases: Array<{ name: string; given: string; want: string }> = [
    { name: 'empty string selects everything', given: '', want: '' },
    { name: 'whitespace only', given: ' \t\n', want: '' },
    { name: 'equals', given: 'app=web', want: 'app=web' },
    { name: 'double equals kept', given: 'app==web', want: 'app==web' },
    { name: 'not equals', given: 'app!=web', want: 'app!=web' },
    { name: 'exists', given: 'app', want: 'app' },
    { name: 'does not exist', given: '!app', want: '!app' },
    { name: 'sorted by key', given: 'z=1,a=2', want: 'a=2,z=1' },
    { name: 'in with values sorted', given: 'env in (prod, dev)', want: 'env in (dev,prod)' },
    { name: 'notin', given: 'env notin (qa)', want: 'env notin (qa)' },
    // edge: "()" is the set holding the empty value
    { name: 'empty set means empty value', given: 'x in ()', want: 'x in ()' },
    // edge: ",," inserts the empty value once (it is a set)
    { name: 'empty members in list', given: 'x in (a,,b)', want: 'x in (,a,b)' },
    // edge: the keywords are ordinary identifiers in value position
    { name: 'keyword as value', given: 'x in (in,notin)', want: 'x in (in,notin)' },
    { name: 'keyword as key', given: 'in=notin', want: 'in=notin' },
    // edge: a missing exact value is the empty string
    { name: 'empty exact value', given: 'a=,b!=', want: 'a=,b!=' },
    { name: 'greater than', given: 'replicas>3', want: 'replicas>3' },
    { name: 'less than', given: 'replicas < 2', want: 'replicas<2' },
    { name: 'prefixed key', given: 'app.kubernetes.io/name=x', want: 'app.kubernetes.io/name=x' },
    { name: 'spaces everywhere', given: '  a = b ,  c  ', want: 'a=b,c' },
    // edge: Go's lexer reads NUL as end of input
    { name: 'NUL ends input', given: 'a=b\0garbage', want: 'a=b' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.equal(parseLabelSelector(c.given).toString(), c.want);
    });
  }
});

t.test('parse errors carry labels.Parse wording', async (t) => {
  const cases: Array<{ name: string; given: string; want: string }> = [
    { name: 'colon in key', given: 'app:web', want: `unable to parse requirement: <nil>: Invalid value: "app:web": ${keyNameErr}` },
    {
      name: 'too many slashes',
      given: 'a/b/c=d',
      want:
        "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    },
    { name: 'bad value', given: 'a=-x', want: `unable to parse requirement: values[0][a]: Invalid value: "-x": ${valueErr}` },
    { name: 'two values', given: 'a=b c', want: "found 'c', expected: ',' or 'end of string'" },
    { name: 'trailing comma', given: 'a=b,', want: "found '', expected: identifier after ','" },
    { name: 'leading comma', given: ',a', want: "found ',', expected: !, identifier, or 'end of string'" },
    { name: 'unknown operator', given: 'a b', want: "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt" },
    { name: 'in without parens', given: 'a in x', want: "unable to parse requirement: found 'x' expected: '('" },
    { name: 'unclosed set', given: 'a in (x', want: "unable to parse requirement: found '', expected: ',' or ')'" },
    { name: 'operator inside set', given: 'a in (=)', want: "unable to parse requirement: found '=', expected: ',', ')' or identifier" },
    { name: 'gt needs an integer', given: 'a>b', want: 'unable to parse requirement: values[0]: Invalid value: "b": for \'Gt\', \'Lt\' operators, the value must be an integer' },
    // edge: int64 overflow is not an integer to strconv.ParseInt
    { name: 'gt overflow', given: 'a>9223372036854775808', want: 'unable to parse requirement: values[0]: Invalid value: "9223372036854775808": for \'Gt\', \'Lt\' operators, the value must be an integer' },
    // edge: "-2" parses as an int64 but is not a valid label value, so lt cannot use negatives
    { name: 'negative lt value', given: 'a<-2', want: `unable to parse requirement: values[0][a]: Invalid value: "-2": ${valueErr}` },
    { name: 'not followed by operator', given: '!a=b', want: "found '=', expected: ',' or 'end of string'" },
    { name: 'double bang', given: '!!a', want: "unable to parse requirement: found '!', expected: identifier" },
    { name: 'exact value is an operator', given: 'a=(', want: "unable to parse requirement: found '(', expected: identifier" },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.throws(() => parseLabelSelector(c.given), new BadRequest(c.want));
      try {
        parseLabelSelector(c.given);
      } catch (e: unknown) {
        t.ok(e instanceof BadRequest);
        t.equal((e as BadRequest).code, 400);
        t.equal((e as BadRequest).message, c.want);
      }
    });
  }
});

t.test('matches', async (t) => {
  const labels = podLabels();
  const cases: Array<{ name: string; given: string; labels: LabelSet; want: boolean }> = [
    { name: 'equal hit', given: 'app=web', labels, want: true },
    { name: 'equal miss', given: 'app=db', labels, want: false },
    { name: 'not equal on missing key matches', given: 'zone!=a', labels, want: true },
    { name: 'notin on missing key matches', given: 'zone notin (a)', labels, want: true },
    { name: 'in requires the key', given: 'zone in (a)', labels, want: false },
    { name: 'exists', given: 'tier', labels, want: true },
    { name: 'does not exist', given: '!tier', labels, want: false },
    { name: 'all requirements ANDed', given: 'app=web,tier=back', labels, want: false },
    { name: 'gt numeric', given: 'n>4', labels, want: true },
    { name: 'lt numeric', given: 'n<5', labels, want: false },
    // edge: a non-numeric label never satisfies gt/lt
    { name: 'gt on non-numeric label', given: 'app>1', labels, want: false },
    { name: 'empty value matches empty label', given: 'x=', labels: { x: '' }, want: true },
    { name: 'nil labels', given: '!a', labels: undefined, want: true },
    { name: 'empty selector matches all', given: '', labels: undefined, want: true },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.equal(parseLabelSelector(c.given).matches(c.labels), c.want);
    });
  }
});

t.test('map selector (Service spec.selector)', async (t) => {
  const s = labelSelectorFromMap({ tier: 'front', app: 'web' });
  t.equal(s.toString(), 'app=web,tier=front');
  t.ok(s.matches({ app: 'web', tier: 'front', extra: 'x' }));
  t.notOk(s.matches({ app: 'web' }));
  t.equal(s.requiresExactMatch('app'), 'web');
  t.ok(labelSelectorFromMap({}).empty(), 'empty map selects everything');
  t.ok(labelSelectorFromMap(undefined).matches({ a: 'b' }));
});

t.test('object selector (metav1.LabelSelector)', async (t) => {
  const cases: Array<{ name: string; given: LabelSelectorObject | null; want?: string; err?: string; labels?: LabelSet; matches?: boolean }> = [
    { name: 'labels and expressions', given: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['b', 'a'] }] }, want: 'app=web,env in (a,b)' },
    { name: 'exists / does not exist', given: { matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'DoesNotExist' }] }, want: 'a,!b' },
    // edge: an empty selector selects everything, a missing one nothing
    { name: 'empty selects all', given: {}, want: '', labels: { x: 'y' }, matches: true },
    { name: 'null selects none', given: null, want: '', labels: {}, matches: false },
    { name: 'bad operator', given: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }, err: '"Equals" is not a valid label selector operator' },
    { name: 'in without values', given: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, err: "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty" },
    { name: 'exists with values', given: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, err: 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist' },
    {
      name: 'two errors aggregate in brackets',
      given: { matchExpressions: [{ key: 'a b', operator: 'NotIn', values: [] }] },
      err: `[key: Invalid value: "a b": ${keyNameErr}, values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]`,
    },
    { name: 'bad match label value', given: { matchLabels: { app: 'a b' } }, err: `values[0][app]: Invalid value: "a b": ${valueErr}` },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      if (c.err !== undefined) {
        t.throws(() => labelSelectorFromObject(c.given), new BadRequest(c.err));
        return;
      }
      const s = labelSelectorFromObject(c.given);
      t.equal(s.toString(), c.want);
      if (c.labels !== undefined) t.equal(s.matches(c.labels), c.matches);
    });
  }
});

t.test('everything / nothing', async (t) => {
  t.ok(everythingLabelSelector().empty());
  t.ok(everythingLabelSelector().matches({}));
  t.notOk(nothingLabelSelector().empty());
  t.ok(nothingLabelSelector().matchesNothing());
  t.notOk(nothingLabelSelector().matches({ a: 'b' }));
});

t.test('selectors are immutable', async (t) => {
  const s = parseLabelSelector('a in (x,y)');
  t.ok(Object.isFrozen(s));
  t.ok(Object.isFrozen(s.requirements));
  t.ok(Object.isFrozen(s.requirements[0]!.values));
});
