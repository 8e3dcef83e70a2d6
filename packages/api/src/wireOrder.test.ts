import t from 'tap';
import { goEscapeJson } from './patch/goJsonText.js';
import type { KubeObject } from './types.js';
import { inWireOrder } from './wireOrder.js';

const cases: { name: string; given: unknown; want: string }[] = [
  {
    name: 'TypeMeta then ObjectMeta then the rest, as they were',
    given: { data: { b: '1', a: '2' }, metadata: { labels: { x: 'y' }, resourceVersion: '7', name: 'n', namespace: 'd' }, kind: 'ConfigMap', apiVersion: 'v1' },
    want: '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"n","namespace":"d","resourceVersion":"7","labels":{"x":"y"}},"data":{"b":"1","a":"2"}}',
  },
  {
    name: 'every ObjectMeta field in its Go order',
    given: {
      metadata: {
        managedFields: [], finalizers: ['f'], ownerReferences: [], annotations: {}, labels: {}, deletionGracePeriodSeconds: 0, deletionTimestamp: 't2',
        creationTimestamp: 't1', generation: 1, resourceVersion: '1', uid: 'u', selfLink: 's', namespace: 'ns', generateName: 'g-', name: 'n',
      },
    },
    want: '{"metadata":{"name":"n","generateName":"g-","namespace":"ns","selfLink":"s","uid":"u","resourceVersion":"1","generation":1,"creationTimestamp":"t1","deletionTimestamp":"t2","deletionGracePeriodSeconds":0,"labels":{},"annotations":{},"ownerReferences":[],"finalizers":["f"],"managedFields":[]}}',
  },
  {
    name: 'ownerReferences in their Go order; unknown keys last',
    given: { metadata: { zz: 1, ownerReferences: [{ controller: true, uid: 'u', name: 'o', kind: 'K', apiVersion: 'v1', extra: 1 }] } },
    want: '{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"K","name":"o","uid":"u","controller":true,"extra":1}],"zz":1}}',
  },
  {
    name: 'a __proto__ key stays a key',
    given: JSON.parse('{"metadata":{"name":"n"},"__proto__":{"x":1}}'),
    want: '{"metadata":{"name":"n"},"__proto__":{"x":1}}',
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const out = inWireOrder(c.given as KubeObject);
    t.equal(JSON.stringify(out), c.want);
    t.equal(Object.getPrototypeOf(out), Object.prototype);
  });
}

t.test('goEscapeJson: what Go escapes, and nothing else', async (t) => {
  for (const [given, want] of [
    ['{"a":"<b>&</b>"}', '{"a":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}'],
    ['{"a":"\u2028\u2029"}', '{"a":"\\u2028\\u2029"}'],
    ['{"plain":"text é ☃"}', '{"plain":"text é ☃"}'],
  ]) {
    t.equal(goEscapeJson(given!), want);
    t.same(JSON.parse(goEscapeJson(given!)), JSON.parse(given!), 'same value');
  }
});
