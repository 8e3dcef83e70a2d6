import t from 'tap';
import { deepFreeze, type KubeObject } from '@miniplane/api';
import { stripManagedFields } from './stripManagedFields.js';

const obj = (metadata: KubeObject['metadata']): KubeObject => deepFreeze({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { a: '1' } } as KubeObject);
const entry = { manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-12-05T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: {} };

t.test('stripManagedFields', async (t) => {
  const cases = [
    { name: 'drops managedFields, keeps the rest in order', given: obj({ name: 'a', resourceVersion: '5', managedFields: [entry], labels: { x: 'y' } }), want: { name: 'a', resourceVersion: '5', labels: { x: 'y' } }, same: false },
    // Nothing to drop: the very object comes back, no copy.
    { name: 'none', given: obj({ name: 'b', resourceVersion: '6' }), want: { name: 'b', resourceVersion: '6' }, same: true },
    // An empty list is still managedFields (a reset request's shape): dropped too.
    { name: 'empty list', given: obj({ name: 'c', managedFields: [] }), want: { name: 'c' }, same: false },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const out = stripManagedFields(c.given);
      t.same(out.metadata, c.want);
      t.same(Object.keys(out.metadata), Object.keys(c.want));
      t.equal(out === c.given, c.same);
      t.same((out as KubeObject & { data: unknown }).data, { a: '1' });
      t.equal(out.kind, 'ConfigMap');
    });
  }
});
