import t from 'tap';
import type { ObjectMeta } from '../types.js';
import { nameIsDNSSubdomain, nameIsDNS1035Label } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectMeta.js';

const subdomain1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const label1123 =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const namePart =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValue =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function meta(over: Partial<ObjectMeta> = {}): ObjectMeta {
  return { name: 'web', namespace: 'default', ...over };
}

const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' };

t.test('validateObjectMeta', async (t) => {
  const cases: Array<{ name: string; given: ObjectMeta; namespaced?: boolean; want: string[] }> = [
    { name: 'valid', given: meta(), want: [] },
    { name: 'missing name', given: meta({ name: undefined }), want: ['metadata.name: Required value: name or generateName is required'] },
    // edge: generateName alone is not enough: names are generated before validation
    {
      name: 'generateName checked with prefix masking',
      given: meta({ name: undefined, generateName: 'web-' }),
      want: ['metadata.name: Required value: name or generateName is required'],
    },
    { name: 'bad generateName', given: meta({ generateName: 'Web-' }), want: [`metadata.generateName: Invalid value: "Web-": ${subdomain1123}`] },
    { name: 'bad name', given: meta({ name: 'Web' }), want: [`metadata.name: Invalid value: "Web": ${subdomain1123}`] },
    { name: 'namespace required', given: meta({ namespace: undefined }), want: ['metadata.namespace: Required value'] },
    { name: 'bad namespace', given: meta({ namespace: 'a.b' }), want: ['metadata.namespace: Invalid value: "a.b": must not contain dots'] },
    { name: 'namespace forbidden on cluster-scoped', given: meta(), namespaced: false, want: ['metadata.namespace: Forbidden: not allowed on this type'] },
    { name: 'negative generation', given: meta({ generation: -1 }), want: ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'] },
    {
      name: 'bad label key and value',
      given: meta({ labels: { 'a b': 'x', ok: 'y z' } }),
      want: [`metadata.labels: Invalid value: "a b": ${namePart}`, `metadata.labels: Invalid value: "y z": ${labelValue}`],
    },
    // edge: annotation keys are checked case-insensitively, but the error shows the original key
    { name: 'annotation key case ignored', given: meta({ annotations: { 'Example.COM/Key': 'v' } }), want: [] },
    { name: 'bad annotation key', given: meta({ annotations: { 'a b': 'v' } }), want: [`metadata.annotations: Invalid value: "a b": ${namePart}`] },
    // edge: exactly 256 KiB is allowed, one byte more is not
    { name: 'annotations at the limit', given: meta({ annotations: { k: 'v'.repeat(262143) } }), want: [] },
    { name: 'annotations too big', given: meta({ annotations: { k: 'v'.repeat(262144) } }), want: ['metadata.annotations: Too long: may not be more than 262144 bytes'] },
    { name: 'finalizer not qualified', given: meta({ finalizers: ['a b'] }), want: [`metadata.finalizers: Invalid value: "a b": ${namePart}`] },
    {
      name: 'orphan with foreground',
      given: meta({ finalizers: ['orphan', 'foregroundDeletion'] }),
      want: ['metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set'],
    },
    { name: 'owner ok', given: meta({ ownerReferences: [owner] }), want: [] },
    {
      name: 'owner missing fields',
      given: meta({ ownerReferences: [{ apiVersion: '', kind: '', name: '', uid: '' }] }),
      want: [
        'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
        'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
        'metadata.ownerReferences.name: Invalid value: "": must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
      ],
    },
    {
      name: 'two controllers',
      given: meta({ ownerReferences: [{ ...owner, controller: true }, { ...owner, name: 'rs2', uid: 'u2', controller: true }] }),
      want: [
        `metadata.ownerReferences: Invalid value: ${JSON.stringify([{ ...owner, controller: true }, { ...owner, name: 'rs2', uid: 'u2', controller: true }])}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/rs and ReplicaSet/rs2`,
      ],
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const errs = validateObjectMeta(Object.freeze(c.given), { namespaced: c.namespaced ?? true, nameValidator: nameIsDNSSubdomain });
      t.strictSame(errs.map(String), c.want);
    });
  }
});

t.test('custom name validator and path', async (t) => {
  const errs = validateObjectMeta(meta({ name: '1svc', namespace: 'n' }), { namespaced: true, nameValidator: nameIsDNS1035Label, path: 'spec.template.metadata' });
  t.equal(errs.length, 1);
  t.match(errs[0]!.toString(), /^spec\.template\.metadata\.name: Invalid value: "1svc": a DNS-1035 label/);
  t.equal(errs[0]!.type, 'FieldValueInvalid');
  t.strictSame(validateObjectMeta(meta({ namespace: 'Bad' }), { namespaced: true, nameValidator: nameIsDNSSubdomain }).map(String), [
    `metadata.namespace: Invalid value: "Bad": ${label1123}`,
  ]);
});

t.test('validateObjectMetaUpdate', async (t) => {
  const old = meta({ uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z', generation: 2, resourceVersion: '5' });
  const cases: Array<{ name: string; given: ObjectMeta; old?: ObjectMeta; want: string[] }> = [
    { name: 'unchanged', given: { ...old }, want: [] },
    { name: 'labels may change', given: { ...old, labels: { a: 'b' } }, want: [] },
    { name: 'name immutable', given: { ...old, name: 'other' }, want: ['metadata.name: Invalid value: "other": field is immutable'] },
    { name: 'namespace immutable', given: { ...old, namespace: 'kube-system' }, want: ['metadata.namespace: Invalid value: "kube-system": field is immutable'] },
    { name: 'uid immutable', given: { ...old, uid: 'u2' }, want: ['metadata.uid: Invalid value: "u2": field is immutable'] },
    // edge: dropping a field is a change to its zero value
    { name: 'uid dropped', given: { ...old, uid: undefined }, want: ['metadata.uid: Invalid value: "": field is immutable'] },
    {
      name: 'creationTimestamp immutable',
      given: { ...old, creationTimestamp: '2025-01-01T00:00:00Z' },
      want: ['metadata.creationTimestamp: Invalid value: "2025-01-01T00:00:00Z": field is immutable'],
    },
    { name: 'generation decremented', given: { ...old, generation: 1 }, want: ['metadata.generation: Invalid value: 1: must not be decremented'] },
    {
      name: 'no new finalizers while deleting',
      old: { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['a/x'] },
      given: { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['a/x', 'b/y', 'a/z'] },
      want: ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a/z", "b/y"}'],
    },
    {
      name: 'finalizers may shrink while deleting',
      old: { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['a/x'] },
      given: { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: [] },
      want: [],
    },
    { name: 'new labels still validated', given: { ...old, labels: { ok: '-' } }, want: [`metadata.labels: Invalid value: "-": ${labelValue}`] },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const errs = validateObjectMetaUpdate(Object.freeze(c.given), Object.freeze(c.old ?? old));
      t.strictSame(errs.map(String), c.want);
    });
  }
});
