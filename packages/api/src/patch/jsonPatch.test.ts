import t from 'tap';
import { ApiError, BadRequest } from '../errors.js';
import { applyJsonPatch, decodeJsonPatch, type JsonPatchOperation } from './jsonPatch.js';
import { deepFreeze } from '../deepFreeze.js';

const rejected = 'the server rejected our request due to an error in our request';

function svc(over: Record<string, unknown> = {}) {
  return deepFreeze({
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web', 'a~b': '1' } },
    spec: { ports: [{ port: 80 }, { port: 443 }], selector: { app: 'web' } },
    ...over,
  });
}

const apply = (doc: unknown, ops: unknown) => applyJsonPatch(doc, decodeJsonPatch(deepFreeze(ops)));

t.test('operations', async (t) => {
  const cases: Array<{ name: string; ops: JsonPatchOperation[]; want: (d: ReturnType<typeof svc>) => unknown }> = [
    { name: 'add member', ops: [{ op: 'add', path: '/spec/type', value: 'NodePort' }], want: (d) => ({ ...d, spec: { ...d.spec, type: 'NodePort' } }) },
    { name: 'add appends with -', ops: [{ op: 'add', path: '/spec/ports/-', value: { port: 8080 } }], want: (d) => ({ ...d, spec: { ...d.spec, ports: [...d.spec.ports, { port: 8080 }] } }) },
    { name: 'add inserts at index', ops: [{ op: 'add', path: '/spec/ports/0', value: { port: 1 } }], want: (d) => ({ ...d, spec: { ...d.spec, ports: [{ port: 1 }, ...d.spec.ports] } }) },
    // edge: one past the end is a legal insertion point
    { name: 'add at length', ops: [{ op: 'add', path: '/spec/ports/2', value: { port: 2 } }], want: (d) => ({ ...d, spec: { ...d.spec, ports: [...d.spec.ports, { port: 2 }] } }) },
    // edge: json-patch v4 counts negative indexes from the end (insertion counts one past it)
    { name: 'add at -1 appends', ops: [{ op: 'add', path: '/spec/ports/-1', value: { port: 2 } }], want: (d) => ({ ...d, spec: { ...d.spec, ports: [...d.spec.ports, { port: 2 }] } }) },
    { name: 'remove member', ops: [{ op: 'remove', path: '/spec/selector' }], want: (d) => ({ ...d, spec: { ports: d.spec.ports } }) },
    { name: 'remove last by negative index', ops: [{ op: 'remove', path: '/spec/ports/-1' }], want: (d) => ({ ...d, spec: { ...d.spec, ports: [{ port: 80 }] } }) },
    { name: 'replace', ops: [{ op: 'replace', path: '/spec/ports/1/port', value: 8443 }], want: (d) => ({ ...d, spec: { ...d.spec, ports: [{ port: 80 }, { port: 8443 }] } }) },
    // edge: json-patch v4 lets replace create a missing object member
    { name: 'replace missing member adds it', ops: [{ op: 'replace', path: '/spec/type', value: 'ClusterIP' }], want: (d) => ({ ...d, spec: { ...d.spec, type: 'ClusterIP' } }) },
    {
      name: 'escaped pointer tokens',
      ops: [{ op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'api' }, { op: 'remove', path: '/metadata/labels/a~0b' }],
      want: (d) => ({ ...d, metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'api' } } }),
    },
    { name: 'move', ops: [{ op: 'move', from: '/spec/selector', path: '/metadata/selector' }], want: (d) => ({ metadata: { ...d.metadata, selector: { app: 'web' } }, spec: { ports: d.spec.ports } }) },
    { name: 'copy', ops: [{ op: 'copy', from: '/spec/ports/0', path: '/spec/ports/-' }], want: (d) => ({ ...d, spec: { ...d.spec, ports: [...d.spec.ports, { port: 80 }] } }) },
    { name: 'test passes', ops: [{ op: 'test', path: '/spec/ports/0', value: { port: 80 } }], want: (d) => d },
    // edge: a missing member tests equal to null
    { name: 'test missing against null', ops: [{ op: 'test', path: '/spec/type', value: null }], want: (d) => d },
    { name: 'sequence sees earlier ops', ops: [{ op: 'add', path: '/spec/x', value: {} }, { op: 'add', path: '/spec/x/y', value: 1 }], want: (d) => ({ ...d, spec: { ...d.spec, x: { y: 1 } } }) },
    { name: 'value null stored', ops: [{ op: 'add', path: '/spec/type', value: null }], want: (d) => ({ ...d, spec: { ...d.spec, type: null } }) },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const doc = svc();
      t.strictSame(apply(doc, c.ops), c.want(doc));
    });
  }
});

t.test('failures are kube generic 422s', async (t) => {
  const cases: Array<{ name: string; ops: JsonPatchOperation[]; cause: string }> = [
    { name: 'test fails', ops: [{ op: 'test', path: '/metadata/name', value: 'api' }], cause: 'testing value /metadata/name failed: test failed' },
    { name: 'missing parent', ops: [{ op: 'add', path: '/status/x/y', value: 1 }], cause: 'add operation does not apply: doc is missing path: "/status/x/y": missing value' },
    { name: 'remove missing', ops: [{ op: 'remove', path: '/spec/type' }], cause: 'Unable to remove nonexistent key: type: missing value' },
    { name: 'index out of range', ops: [{ op: 'replace', path: '/spec/ports/5', value: {} }], cause: 'replace operation does not apply: doc is missing key: /spec/ports/5: missing value' },
    { name: 'index not a number', ops: [{ op: 'add', path: '/spec/ports/x', value: {} }], cause: 'Unable to access invalid index: x' },
    // edge: the root pointer addresses nothing in json-patch v4
    { name: 'root pointer', ops: [{ op: 'replace', path: '', value: {} }], cause: 'replace operation does not apply: doc is missing path: : missing value' },
    { name: 'unknown op', ops: [{ op: 'merge', path: '/a' }], cause: 'Unexpected kind: merge' },
    { name: 'missing op', ops: [{ path: '/a' }], cause: 'Unexpected kind: unknown' },
    { name: 'move from missing', ops: [{ op: 'move', from: '/nope', path: '/x' }], cause: 'move operation does not apply: doc is missing from path: /nope: missing value' },
    { name: 'through a scalar', ops: [{ op: 'add', path: '/metadata/name/x', value: 1 }], cause: 'add operation does not apply: doc is missing path: "/metadata/name/x": missing value' },
    // edge: nothing is applied when a later operation fails
    { name: 'all or nothing', ops: [{ op: 'add', path: '/a', value: 1 }, { op: 'test', path: '/a', value: 2 }], cause: 'testing value /a failed: test failed' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const doc = svc();
      const err = t.throws(() => apply(doc, c.ops)) as ApiError;
      t.ok(err instanceof ApiError);
      t.equal(err.code, 422);
      t.equal(err.reason, 'Invalid');
      t.equal(err.message, rejected);
      t.strictSame(err.toStatus().details, {});
      t.equal((err.cause as Error).message, c.cause);
      t.strictSame(doc, svc(), 'input untouched');
    });
  }
});

t.test('decode errors', async (t) => {
  const cases: Array<{ name: string; body: unknown; want: string }> = [
    { name: 'object body', body: { op: 'add' }, want: 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp' },
    { name: 'string element', body: ['x'], want: 'error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp' },
    { name: 'numeric path', body: [{ op: 'add', path: 1 }], want: 'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.throws(() => decodeJsonPatch(c.body), new BadRequest(c.want));
      t.throws(() => decodeJsonPatch(c.body), BadRequest);
    });
  }
  t.strictSame(decodeJsonPatch(null), [], 'null is an empty patch');
  const many = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a' }));
  const err = t.throws(() => decodeJsonPatch(many)) as ApiError;
  t.equal(err.code, 413);
  t.equal(err.message, 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
});

t.test('copied values are not shared with the patch', async (t) => {
  const value = { deep: { x: 1 } };
  const out = applyJsonPatch({}, [{ op: 'add', path: '/a', value }]) as { a: typeof value };
  out.a.deep.x = 2;
  t.equal(value.deep.x, 1);
});
