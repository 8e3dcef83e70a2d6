import t from 'tap';
import { ApiError, BadRequest } from '../errors.js';
import { applyPatch, type PatchType } from './applyPatch.js';
import { deepFreeze } from '../deepFreeze.js';

type Obj = Record<string, unknown>;

function service(over: Obj = {}): Obj {
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['a/x'] },
    spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'web' } },
    ...over,
  });
}

const spec = (o: unknown) => (o as { spec: Obj }).spec;

t.test('each patch type on the same object', async (t) => {
  const cases: Array<{ name: string; type: PatchType; body: unknown; check: (out: unknown) => unknown; want: unknown }> = [
    {
      name: 'strategic merges ports by port',
      type: 'strategic',
      body: { spec: { ports: [{ port: 443, protocol: 'TCP' }] } },
      check: (o) => spec(o).ports,
      want: [{ port: 443, protocol: 'TCP' }, { port: 80, protocol: 'TCP', targetPort: 8080 }],
    },
    {
      name: 'merge replaces ports',
      type: 'merge',
      body: { spec: { ports: [{ port: 443 }] } },
      check: (o) => spec(o).ports,
      want: [{ port: 443 }],
    },
    {
      name: 'json patch appends',
      type: 'json',
      body: [{ op: 'add', path: '/spec/ports/-', value: { port: 443 } }],
      check: (o) => spec(o).ports,
      want: [{ port: 80, protocol: 'TCP', targetPort: 8080 }, { port: 443 }],
    },
    {
      name: 'strategic finalizers as a set',
      type: 'strategic',
      body: { metadata: { finalizers: ['a/x', 'b/y'] } },
      check: (o) => (o as { metadata: Obj }).metadata.finalizers,
      want: ['a/x', 'b/y'],
    },
    {
      name: 'raw string body',
      type: 'strategic',
      body: '{"spec":{"type":"NodePort"}}',
      check: (o) => spec(o).type,
      want: 'NodePort',
    },
    {
      name: 'raw bytes body',
      type: 'merge',
      body: new TextEncoder().encode('{"spec":{"selector":null}}'),
      check: (o) => 'selector' in spec(o),
      want: false,
    },
    {
      name: 'unknown kind strategic = merge-like',
      type: 'strategic',
      body: { spec: { clusterIPs: ['10.96.0.11'] } },
      check: (o) => spec(o).clusterIPs,
      want: ['10.96.0.11'],
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const original = service();
      const body = typeof c.body === 'object' && !(c.body instanceof Uint8Array) ? deepFreeze(c.body) : c.body;
      const out = applyPatch(c.name.startsWith('unknown') ? 'Widget' : 'Service', c.type, original, body);
      t.strictSame(c.check(out), c.want);
      t.not(out, original, 'a fresh object');
      t.strictSame(original, service(), 'original untouched');
    });
  }
});

t.test('body errors worded like kube-apiserver', async (t) => {
  const cases: Array<{ name: string; type: PatchType; body: unknown; code: number; message: string }> = [
    { name: 'json: invalid text', type: 'json', body: 'invalid json patch', code: 400, message: "error decoding patch: invalid character 'i' looking for beginning of value" },
    { name: 'json: object body', type: 'json', body: { op: 'add' }, code: 400, message: 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp' },
    { name: 'json: failed test', type: 'json', body: [{ op: 'test', path: '/spec/type', value: 'NodePort' }], code: 422, message: 'the server rejected our request due to an error in our request' },
    { name: 'json: missing path', type: 'json', body: [{ op: 'replace', path: '/status/x', value: 1 }], code: 422, message: 'the server rejected our request due to an error in our request' },
    { name: 'merge: invalid text', type: 'merge', body: '{"spec":', code: 400, message: 'error decoding patch: unexpected end of JSON input' },
    // edge: a null merge patch is evanphx's "Invalid JSON Patch"
    { name: 'merge: null', type: 'merge', body: 'null', code: 400, message: 'Invalid JSON Patch' },
    { name: 'merge: array', type: 'merge', body: [1], code: 400, message: 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}' },
    { name: 'strategic: invalid text', type: 'strategic', body: '{spec}', code: 400, message: "invalid character 's' looking for beginning of object key string" },
    { name: 'strategic: array', type: 'strategic', body: '[]', code: 400, message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
    {
      name: 'strategic: missing merge key',
      type: 'strategic',
      body: { spec: { ports: [{ protocol: 'UDP' }] } },
      code: 500,
      message: 'map: map[protocol:UDP] does not contain declared merge key: port',
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const err = t.throws(() => applyPatch('Service', c.type, service(), c.body)) as ApiError;
      t.ok(err instanceof ApiError);
      t.equal(err instanceof BadRequest, c.code === 400);
      t.equal(err.code, c.code);
      t.equal(err.message, c.message);
    });
  }
});

t.test('a null strategic patch is a no-op', async (t) => {
  t.strictSame(applyPatch('Service', 'strategic', service(), null), service());
});
