import t from 'tap';
import { ApiError, BadRequest } from '../errors.js';
import { deepFreeze } from '../deepFreeze.js';
import { patchMetaFor } from './patchMeta.js';
import { strategicMergePatch } from './strategicMergePatch.js';

type Obj = Record<string, unknown>;

const deployment = (over: Obj = {}): Obj => ({
  metadata: { name: 'd', labels: { app: 'web', tier: 'fe' }, annotations: { a: '1' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } },
    ...over,
  },
});

const smp = (kind: string, original: Obj, patch: Obj | null) => strategicMergePatch(deepFreeze(original), patch && deepFreeze(patch), patchMetaFor(kind));

t.test('maps', async (t) => {
  const cases: Array<{ name: string; original: Obj; patch: Obj | null; want: Obj }> = [
    { name: 'scalar replace', original: deployment(), patch: { spec: { replicas: 3 } }, want: deployment({ replicas: 3 }) },
    {
      name: 'null deletes a key',
      original: deployment(),
      patch: { metadata: { labels: { tier: null } } },
      want: { ...deployment(), metadata: { name: 'd', labels: { app: 'web' }, annotations: { a: '1' } } },
    },
    // edge: deleting what is not there is not an error and leaves no null behind
    { name: 'null for a missing key', original: { a: 1 }, patch: { b: null }, want: { a: 1 } },
    { name: 'new nested map drops its nulls', original: { a: 1 }, patch: { b: { c: null, d: 2 } }, want: { a: 1, b: { d: 2 } } },
    { name: 'type change replaces', original: { a: { b: 1 } }, patch: { a: 'x' }, want: { a: 'x' } },
    {
      name: '$patch: replace on a map',
      original: deployment(),
      patch: { spec: { selector: { $patch: 'replace', matchLabels: { app: 'api' } } } },
      want: deployment({ selector: { matchLabels: { app: 'api' } } }),
    },
    { name: '$patch: delete on a map', original: deployment(), patch: { metadata: { annotations: { $patch: 'delete' } } }, want: { ...deployment(), metadata: { name: 'd', labels: { app: 'web', tier: 'fe' }, annotations: {} } } },
    {
      name: '$retainKeys clears unlisted live keys',
      original: deployment(),
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      want: deployment({ strategy: { type: 'Recreate' } }),
    },
    // edge: a null patch decodes to a nil map, which changes nothing
    { name: 'null patch', original: deployment(), patch: null, want: deployment() },
    { name: 'empty patch', original: deployment(), patch: {}, want: deployment() },
    {
      name: 'labels merge as a map on unknown kinds too',
      original: { metadata: { labels: { a: '1' } }, spec: { list: [1, 2] } },
      patch: { metadata: { labels: { b: '2' } }, spec: { list: [3] } },
      want: { metadata: { labels: { a: '1', b: '2' } }, spec: { list: [3] } },
    },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(smp('Deployment', c.original, c.patch), c.want));
});

t.test('errors classified like interpretStrategicMergePatchError', async (t) => {
  const cases: Array<{ name: string; original: Obj; patch: Obj; code: number; reason: string; message: string }> = [
    {
      name: 'retainKeys not a list',
      original: deployment(),
      patch: { spec: { strategy: { $retainKeys: 'type' } } },
      code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys',
    },
    {
      name: 'patch key missing from retainKeys',
      original: deployment(),
      patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
      code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys',
    },
    { name: 'malformed deletion list key', original: {}, patch: { $deleteFromPrimitiveListfinalizers: ['a'] }, code: 400, reason: 'BadRequest', message: 'invalid patch format of primitive list' },
    { name: 'malformed setElementOrder key', original: {}, patch: { $setElementOrderX: [] }, code: 400, reason: 'BadRequest', message: 'invalid patch format of setElementOrder list' },
    // edge: there is no map-level merge directive in kube; it is an unclassified 500
    {
      name: '$patch: merge on a map',
      original: deployment(),
      patch: { metadata: { labels: { $patch: 'merge', b: 'x' } } },
      code: 500, reason: '', message: 'unknown patch type: merge in map: map[$patch:merge b:x]',
    },
    {
      name: '$patch: merge in a list',
      original: deployment(),
      patch: { spec: { template: { spec: { containers: [{ name: 'a', $patch: 'merge' }] } } } },
      code: 500, reason: '', message: 'merging lists cannot yet be specified in the patch',
    },
    {
      name: 'missing merge key',
      original: deployment(),
      patch: { spec: { template: { spec: { containers: [{ image: 'x', ports: [1] }] } } } },
      code: 500, reason: '', message: 'map: map[image:x ports:[1]] does not contain declared merge key: name',
    },
    {
      name: 'mixed element types',
      original: { metadata: { finalizers: ['a'] } },
      patch: { metadata: { finalizers: [1] } },
      code: 500, reason: '', message: 'list element types are not identical: [[a] [1]]',
    },
    { name: 'list of lists', original: {}, patch: { metadata: { finalizers: [['a']] } }, code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' },
    {
      name: 'setElementOrder not a list',
      original: deployment(),
      patch: { spec: { template: { spec: { '$setElementOrder/containers': 'a' } } } },
      code: 500, reason: '', message: 'expected a []interface {}, but received a string',
    },
    {
      name: 'patch order contradicts setElementOrder',
      original: deployment(),
      patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } } } },
      code: 500, reason: '',
      message: "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const err = t.throws(() => smp('Deployment', c.original, c.patch)) as ApiError;
      t.ok(err instanceof ApiError);
      t.equal(err instanceof BadRequest, c.code === 400);
      t.equal(err.code, c.code);
      t.equal(err.reason, c.reason);
      t.equal(err.message, c.message);
    });
  }
});

t.test('unclassified errors render like kube (no reason)', async (t) => {
  const err = t.throws(() => smp('Deployment', deployment(), { metadata: { labels: { $patch: 'bogus' } } })) as ApiError;
  t.strictSame(err.toStatus(), {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'unknown patch type: bogus in map: map[$patch:bogus]', code: 500,
  });
});

t.test('inputs are never mutated and results share nothing', async (t) => {
  const original = deployment();
  const patch = { spec: { template: { spec: { containers: [{ name: 'b', image: 'b:1', env: [{ name: 'X' }] }] } } } };
  const out = smp('Deployment', original, patch) as { spec: { template: { spec: { containers: Array<{ env?: Obj[] }> } } } };
  t.ok(Object.isFrozen(original), 'frozen inputs did not throw');
  out.spec.template.spec.containers[0]!.env!.push({ name: 'Y' });
  t.strictSame(patch.spec.template.spec.containers[0]!.env, [{ name: 'X' }]);
});
