/**
 * kubectl-lite's failures against a live miniplane, diffed with the real kubectl: kube's Status
 * errors, unknown types, bad flags and usage, connection failures; stderr text and exit codes.
 */
import t from 'tap';
import { both, startCluster } from './harness.js';

t.test('errors are worded as kubectl words them, with its exit codes', async (t) => {
  const c = await startCluster(t);
  const cases = [
    ['get', 'svc', 'nosuch'], ['get', 'foo'], ['get', 'svc', 'kubernetes', 'nosuch'], ['get', 'svc', '-o', 'bogus'],
    ['get', 'svc', '--bogus'], ['get', 'svc', '-z'], ['get'], ['get', 'svc', '-n'], ['--context', 'nope', 'get', 'svc'],
    ['--kubeconfig', '/nonexistent/kubeconfig', 'get', 'svc'], ['get', 'svc', 'kubernetes', 'svc/kubernetes'],
    ['get', 'svc', '--ignore-not-found', 'nosuch'],
  ];
  for (const args of cases) {
    const r = await both(c, args);
    t.same(r.lite, r.kubectl, args.join(' '));
  }
  // kubectl also logs klog lines before its message; the message and code are what must match
  const refused = await both(c, ['-s', '127.0.0.1:1', 'get', 'svc']);
  t.equal(refused.lite.stderr, 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n');
  t.equal(refused.kubectl.stderr.split('\n').at(-2), refused.lite.stderr.trim());
  t.equal(refused.lite.code, refused.kubectl.code);
});
