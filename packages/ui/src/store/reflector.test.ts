import t from 'tap';
import { withoutManagedFields } from './reflector.js';

const cases = [
  {
    name: 'managedFields dropped, the rest kept in order',
    given: { kind: 'Pod', metadata: { name: 'p', managedFields: [{ manager: 'kubelet' }], resourceVersion: '5' }, spec: { nodeName: 'n' } },
    want: { kind: 'Pod', metadata: { name: 'p', resourceVersion: '5' }, spec: { nodeName: 'n' } },
  },
  { name: 'no managedFields: the same object', given: { metadata: { name: 'q' } }, want: { metadata: { name: 'q' } } },
];
for (const c of cases) {
  t.test(`withoutManagedFields: ${c.name}`, async (t) => {
    const frozen = JSON.parse(JSON.stringify(c.given)) as typeof c.given;
    const out = withoutManagedFields(frozen);
    t.strictSame(out, c.want);
    t.strictSame(Object.keys(out.metadata), Object.keys(c.want.metadata), 'key order');
    t.strictSame(frozen, c.given, 'the input is not mutated');
    if (!('managedFields' in c.given.metadata)) t.equal(out, frozen, 'no copy when nothing to drop');
  });
}
