// Issue 9 item 1: bodies nested past the limit are refused with a Status for every content type
// and verb, before anything recursive runs; the server survives the whole storm.
import t from 'tap';
import { maxJsonDepth } from '@miniplane/api/patch/goJsonText';
import { startTestServer } from './harness.js';

const svc = '/api/v1/namespaces/default/services';
const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
const yamlNested = (depth: number) => {
  let out = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\na:\n';
  for (let i = 0; i < depth - 1; i++) out += `${'  '.repeat(i + 1)}b:\n`;
  return out;
};

const kinds: Array<{ method: string; path: string; type: string }> = [
  { method: 'POST', path: svc, type: 'application/json' },
  { method: 'POST', path: svc, type: 'application/yaml' },
  { method: 'POST', path: svc, type: 'application/vnd.kubernetes.protobuf' },
  { method: 'PUT', path: `${svc}/x`, type: 'application/json' },
  { method: 'PUT', path: `${svc}/x`, type: 'application/yaml' },
  { method: 'PATCH', path: `${svc}/x?fieldManager=fuzz`, type: 'application/apply-patch+yaml' },
  { method: 'PATCH', path: `${svc}/x`, type: 'application/merge-patch+json' },
  { method: 'PATCH', path: `${svc}/x`, type: 'application/strategic-merge-patch+json' },
  { method: 'PATCH', path: `${svc}/x`, type: 'application/json-patch+json' },
  { method: 'PATCH', path: `${svc}/x/status`, type: 'application/merge-patch+json' },
  { method: 'DELETE', path: `${svc}/x`, type: 'application/json' },
  { method: 'DELETE', path: svc, type: 'application/yaml' },
  { method: 'PUT', path: '/apis/apps/v1/namespaces/default/deployments/d/scale', type: 'application/json' },
];

t.test('a body nested 5,000 deep (and around the limit) is a 400 for every content type and verb', async (t) => {
  const s = await startTestServer(t);
  const x = await s.req('POST', svc, { metadata: { name: 'x' }, spec: { ports: [{ port: 80 }] } });
  t.equal(x.status, 201);
  const before = (await s.req('GET', svc)).body.metadata.resourceVersion;
  // 800 is where the yaml package's recursion overflowed; 5000 the depth of the storm that crashed.
  for (const depth of [maxJsonDepth + 1, 800, 1000, 5000]) {
    for (const k of kinds) {
      // Block YAML indents once per level: past 1000 levels it outgrows the 3 MiB body limit.
      for (const body of depth <= 1000 ? [nested(depth), yamlNested(depth)] : [nested(depth)]) {
        const r = await s.req(k.method, k.path, body, { 'content-type': k.type });
        t.ok(r.status >= 400 && r.status < 500, `${k.method} ${k.type} depth ${depth}: ${r.status}`);
        t.equal(r.body?.kind, 'Status');
      }
    }
  }
  const r = await s.req('POST', svc, nested(5000), { 'content-type': 'application/json' });
  t.match(r.body.message, 'json parse error: exceeded max depth');
  const y = await s.req('PATCH', `${svc}/x?fieldManager=a`, yamlNested(1000), { 'content-type': 'application/apply-patch+yaml' });
  t.equal(y.body.message, `error decoding YAML: yaml: exceeded max depth of ${maxJsonDepth}`);
  // Nothing was written, and the server still serves.
  t.equal((await s.req('GET', svc)).body.metadata.resourceVersion, before);
  t.equal((await s.req('GET', '/healthz')).text, 'ok');
});

t.test('nesting within the limit is read (unknown fields dropped as before)', async (t) => {
  const s = await startTestServer(t);
  const body = `{"metadata":{"name":"ok"},"spec":{"ports":[{"port":80}]},"junk":${nested(maxJsonDepth - 1)}}`;
  const r = await s.req('POST', svc, body, { 'content-type': 'application/json' });
  t.equal(r.status, 201);
  t.equal(r.body.junk, undefined);
});

t.test('YAML aliases cannot nest past the limit nor expand without bound', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', svc, { metadata: { name: 'x' }, spec: { ports: [{ port: 80 }] } });
  // Each anchor wraps the previous one in 10 levels: the tokens are shallow, the value is not.
  let chain = 'a0: &a0 [1]\n';
  for (let i = 1; i <= 20; i++) chain += `a${i}: &a${i} ${'['.repeat(10)}*a${i - 1}${']'.repeat(10)}\n`;
  const deep = await s.req('PATCH', `${svc}/x?fieldManager=a`, chain, { 'content-type': 'application/apply-patch+yaml' });
  t.equal(deep.status, 400);
  t.match(deep.body.message, 'exceeded max depth');
  // A billion laughs: each level doubles.
  let laughs = 'l0: &l0 ["lol"]\n';
  for (let i = 1; i <= 30; i++) laughs += `l${i}: &l${i} [*l${i - 1}, *l${i - 1}]\n`;
  const wide = await s.req('PATCH', `${svc}/x?fieldManager=a`, laughs, { 'content-type': 'application/apply-patch+yaml' });
  t.equal(wide.status, 400);
  t.match(wide.body.message, 'excessive aliasing');
  t.equal((await s.req('GET', '/healthz')).text, 'ok');
});
