// Issue 9 item 8: int64 fields keep every digit (beyond 2^53) through create, get, list, watch,
// patches, a restart and kubectl; a value past int64 is Go's 400.
import t from 'tap';
import http from 'node:http';
import { kubectl, startTestServer } from './harness.js';

const pods = '/api/v1/namespaces/default/pods';
const int64Max = '9223372036854775807';
// 2^53 + 1: the first integer a double rounds (to ...992).
const past2e53 = '9007199254740993';
const pod = (name: string, grace: string) =>
  `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"${name}"},"spec":{"terminationGracePeriodSeconds":${grace},"containers":[{"name":"c","image":"nginx"}]}}`;
const graceIn = (text: string) => /"terminationGracePeriodSeconds":(-?\d+)/.exec(text)?.[1];

/** The first `n` lines of a chunked watch. */
function watchLines(url: string, n: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let buf = '';
    const req = http.get(url, (res) => {
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
          if (lines.length === n) {
            req.destroy();
            resolve(lines);
          }
        }
      });
    });
    req.on('error', (e) => (lines.length >= n ? undefined : reject(e)));
  });
}

t.test('int64 max and 2^53+1 round-trip byte-exact', async (t) => {
  const s = await startTestServer(t);
  const created = await s.req('POST', pods, pod('max', int64Max));
  t.equal(created.status, 201);
  t.equal(graceIn(created.text), int64Max, 'create response');
  t.equal(graceIn((await s.req('POST', pods, pod('odd', past2e53))).text), past2e53);
  t.equal(graceIn((await s.req('GET', `${pods}/max`)).text), int64Max, 'get');
  const list = (await s.req('GET', pods)).text;
  t.same(list.match(/"terminationGracePeriodSeconds":\d+/g), [`"terminationGracePeriodSeconds":${int64Max}`, `"terminationGracePeriodSeconds":${past2e53}`], 'list');

  // Watch: the initial ADDED events and a later MODIFIED carry the exact digits.
  const rv = JSON.parse(list).metadata.resourceVersion;
  const initial = await watchLines(`${s.url}${pods}?watch=true`, 2);
  t.same(initial.map(graceIn).sort(), [past2e53, int64Max].sort(), 'watch initial events');
  const later = watchLines(`${s.url}${pods}?watch=true&resourceVersion=${rv}`, 1);
  const patched = await s.req('PATCH', `${pods}/odd`, '{"metadata":{"labels":{"a":"b"}},"spec":{"activeDeadlineSeconds":9007199254740995}}', { 'content-type': 'application/strategic-merge-patch+json' });
  t.equal(patched.status, 200);
  t.match(patched.text, '"activeDeadlineSeconds":9007199254740995');
  const [ev] = await later;
  t.equal(graceIn(ev!), past2e53, 'watch MODIFIED');
  t.match(ev!, '"activeDeadlineSeconds":9007199254740995');

  // Server-side apply (YAML) and a merge patch keep them too.
  const applied = await s.req('PATCH', `${pods}/applied?fieldManager=t`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: applied\nspec:\n  terminationGracePeriodSeconds: ${int64Max}\n  containers:\n  - name: c\n    image: nginx\n`, { 'content-type': 'application/apply-patch+yaml' });
  t.equal(applied.status, 201);
  t.equal(graceIn(applied.text), int64Max, 'apply');
  const merged = await s.req('PATCH', `${pods}/max`, `{"spec":{"activeDeadlineSeconds":${int64Max}}}`, { 'content-type': 'application/merge-patch+json' });
  t.match(merged.text, `"activeDeadlineSeconds":${int64Max}`);
  // Table output (kubectl's get) reads the stored object back.
  const table = await s.req('GET', `${pods}/max?includeObject=Object`, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
  t.equal(table.status, 200);
  t.equal(graceIn(table.text), int64Max, 'table with the object');

  // kubectl decodes and describes it (it failed to decode the rounded 9223372036854776000).
  const described = await kubectl(s, ['describe', 'pod', 'max']);
  t.equal(described.code, 0, described.stderr);
  t.match(described.stdout, /Name:\s+max/);
  const json = await kubectl(s, ['get', 'pod', 'max', '-o', 'json']);
  t.equal(json.code, 0, json.stderr);
  t.equal(graceIn(json.stdout.replace(/\s/g, '')), int64Max, 'kubectl get -o json');
  t.equal((await kubectl(s, ['get', 'pods'])).code, 0);

  // A restart reads the stored text back exactly.
  await s.server.close();
  const again = await startTestServer(t, { dir: s.dir });
  t.equal(graceIn((await again.req('GET', `${pods}/max`)).text), int64Max, 'after restart');
  t.equal(graceIn((await again.req('GET', `${pods}/odd`)).text), past2e53, 'after restart');
});

t.test('past int64 is refused as Go refuses it for an int64 field', async (t) => {
  const s = await startTestServer(t);
  for (const [given, lit] of [
    ['9223372036854775808', '9223372036854775808'],
    ['-9223372036854775809', '-9223372036854775809'],
    ['1e308', '1e308'],
    ['1.5', '1.5'],
  ]) {
    const r = await s.req('POST', pods, pod('p', given!));
    t.equal(r.status, 400, given);
    t.equal(r.body.message, `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number ${lit} into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64`);
  }
  // An int32 field refuses any of them.
  const port = await s.req('POST', '/api/v1/namespaces/default/services', `{"metadata":{"name":"s"},"spec":{"ports":[{"port":${int64Max}}]}}`);
  t.equal(port.status, 400);
  t.match(port.body.message, `cannot unmarshal number ${int64Max} into Go struct field ServicePort.spec.ports.port of type int32`);
  t.equal((await s.req('GET', pods)).body.items.length, 0, 'nothing stored');
});

t.test('a graceful delete with an int64-sized grace period ends at the last RFC 3339 second, not a 500', async (t) => {
  const s = await startTestServer(t);
  const body = `{"metadata":{"name":"slow"},"spec":{"nodeName":"n1","terminationGracePeriodSeconds":${int64Max},"containers":[{"name":"c","image":"nginx"}]}}`;
  t.equal((await s.req('POST', pods, body)).status, 201);
  for (const opts of [undefined, `{"gracePeriodSeconds":${int64Max}}`]) {
    const r = await s.req('DELETE', `${pods}/slow`, opts);
    t.equal(r.status, 200, opts ?? 'the pod\'s own period');
    t.match(r.body.metadata.deletionTimestamp, /^9999-12-31T23:59:5\dZ$/);
    t.ok(Number.isSafeInteger(r.body.metadata.deletionGracePeriodSeconds));
  }
  const described = await kubectl(s, ['get', 'pod', 'slow', '-o', 'json']);
  t.equal(described.code, 0, described.stderr);
  t.equal((await s.req('DELETE', `${pods}/slow?gracePeriodSeconds=0`)).status, 200);
});
