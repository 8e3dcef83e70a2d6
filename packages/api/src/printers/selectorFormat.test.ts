import t from 'tap';
import { formatLabelSelector, formatLabels, labelSelectorString, type LabelSelector } from './selectorFormat.js';
import { deepFreeze } from '../deepFreeze.js';

t.test('formatLabels', async (t) => {
  const cases: Array<{ name: string; given: Record<string, string> | undefined; want: string }> = [
    { name: 'single', given: { app: 'nginx' }, want: 'app=nginx' },
    { name: 'sorted', given: { b: '2', a: '1' }, want: 'a=1,b=2' },
    // Edge: whole `k=v` strings are sorted, so `a.b=` sorts before `a=`.
    { name: 'string sort', given: { a: '2', 'a.b': '1' }, want: 'a.b=1,a=2' },
    { name: 'empty value', given: { flag: '' }, want: 'flag=' },
    { name: 'empty', given: {}, want: '<none>' },
    { name: 'missing', given: undefined, want: '<none>' },
  ];
  for (const c of cases) t.equal(formatLabels(c.given), c.want, c.name);
});

t.test('labelSelectorString and formatLabelSelector', async (t) => {
  const cases: Array<{ name: string; given: LabelSelector | null | undefined; string: string | undefined; formatted: string }> = [
    { name: 'matchLabels', given: { matchLabels: { app: 'nginx' } }, string: 'app=nginx', formatted: 'app=nginx' },
    {
      name: 'every operator, sorted by key, values sorted',
      given: {
        matchLabels: { z: '1' },
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['qa', 'dev'] },
          { key: 'b', operator: 'Exists' },
          { key: 'a', operator: 'DoesNotExist' },
          { key: 'c', operator: 'In', values: ['x'] },
        ],
      },
      string: '!a,b,c in (x),env notin (dev,qa),z=1',
      formatted: '!a,b,c in (x),env notin (dev,qa),z=1',
    },
    // Edge: nil selects nothing and empty selects everything; both print as empty.
    { name: 'nil', given: null, string: '', formatted: '<none>' },
    { name: 'empty', given: {}, string: '', formatted: '<none>' },
    { name: 'unknown operator', given: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, string: undefined, formatted: '<error>' },
    // edge: an operator named like an Object.prototype member is no operator either
    { name: 'prototype-named operator', given: { matchExpressions: [{ key: 'a', operator: 'toString', values: ['1'] }] }, string: undefined, formatted: '<error>' },
    { name: 'In without values', given: { matchExpressions: [{ key: 'a', operator: 'In' }] }, string: undefined, formatted: '<error>' },
    { name: 'Exists with values', given: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, string: undefined, formatted: '<error>' },
    { name: 'bad key', given: { matchLabels: { 'bad key': 'x' } }, string: undefined, formatted: '<error>' },
    { name: 'bad value', given: { matchLabels: { app: 'not/valid' } }, string: undefined, formatted: '<error>' },
    { name: 'prefixed key', given: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, string: 'app.kubernetes.io/name=web', formatted: 'app.kubernetes.io/name=web' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const given = deepFreeze(c.given);
      t.equal(labelSelectorString(given), c.string);
      t.equal(formatLabelSelector(given), c.formatted);
    });
  }
});
