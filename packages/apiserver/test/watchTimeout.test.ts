// Issue 9 item 9: a timeoutSeconds beyond what Node's timers hold (2^31-1 ms) must not end the
// watch at once (setTimeout treats an overflowing delay as 1 ms).
import t from 'tap';
import http from 'node:http';
import { startTestServer } from './harness.js';

t.test('timeoutSeconds of 2147484 and more keeps the watch open', async (t) => {
  const s = await startTestServer(t);
  for (const timeout of ['2147484', '9223372036854775807']) {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${s.url}/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=${timeout}`, resolve).on('error', reject);
    });
    t.equal(res.statusCode, 200, `timeoutSeconds=${timeout}`);
    let ended = false;
    res.on('end', () => (ended = true));
    res.on('close', () => (ended = true));
    res.resume();
    // Overflowing, the stream ended within a millisecond; a second with margin shows it did not.
    await new Promise((r) => setTimeout(r, 1000));
    t.equal(ended, false, `timeoutSeconds=${timeout}: still streaming after 1 s`);
    res.destroy();
  }
});

t.test('timeoutSeconds beyond int64 is refused as kube refuses it', async (t) => {
  const s = await startTestServer(t);
  const r = await s.req('GET', '/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=9223372036854775808');
  t.equal(r.status, 400);
  t.match(r.body.message, /value out of range/);
});
