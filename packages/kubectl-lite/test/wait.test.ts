/**
 * `wait` and `cordon`/`uncordon` against a live miniplane, diffed with the real kubectl: each tool
 * runs the same sequence on its own Node / Service (names masked in the comparison).
 */
import t from 'tap';
import { startCluster, type Run } from './harness.js';

t.test('wait, cordon and uncordon print and do what kubectl does', async (t) => {
  const c = await startCluster(t);
  const out: Record<string, Run[]> = { lite: [], kubectl: [] };
  for (const tool of ['lite', 'kubectl'] as const) {
    const n = `node-${tool}`;
    const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: n } });
    t.equal((await c.kubectl(['create', '-f', '-'], { input: node })).code, 0);
    t.equal((await c.kubectl(['create', 'service', 'loadbalancer', `svc-${tool}`, '--tcp=80'])).code, 0);
    const steps = [
      ['cordon', n], ['cordon', n], ['get', 'node', n, '-o', 'jsonpath={.spec.unschedulable}'], ['uncordon', n], ['uncordon', n], ['cordon', 'nosuch'],
      ['wait', '--for=jsonpath={.spec.type}=LoadBalancer', `svc/svc-${tool}`], ['wait', '--for=jsonpath={.spec.ports[0].nodePort}', 'svc', `svc-${tool}`],
      ['wait', '--for=jsonpath={.spec.type}=NodePort', `svc/svc-${tool}`, '--timeout=1s'], ['wait', '--for=condition=Ready', 'svc/nosuch', '--timeout=1s'],
      ['wait', '--for=delete', 'svc/nosuch', '--timeout=1s'], ['wait', '--for=condition=Ready', `node/${n}`, '--timeout=1s'],
    ];
    for (const step of steps) {
      const r = await c[tool](step);
      out[tool]!.push({ code: r.code, stdout: r.stdout.replaceAll(tool, 'TOOL'), stderr: r.stderr.replaceAll(tool, 'TOOL') });
    }
    // --for=delete waits for the object to go: a finalizer holds it until the waiter has surely
    // looked at it (a loaded machine can take seconds to start a process)
    t.equal((await c.kubectl(['patch', 'svc', `svc-${tool}`, '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}'])).code, 0);
    t.equal((await c.kubectl(['delete', 'svc', `svc-${tool}`, '--wait=false'])).code, 0);
    const waiting = c[tool](['wait', '--for=delete', `svc/svc-${tool}`, '--timeout=30s']);
    await new Promise((r) => setTimeout(r, 4000));
    t.equal((await c.kubectl(['patch', 'svc', `svc-${tool}`, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'])).code, 0);
    const r = await waiting;
    out[tool]!.push({ code: r.code, stdout: r.stdout.replaceAll(tool, 'TOOL'), stderr: r.stderr.replaceAll(tool, 'TOOL') });
  }
  t.same(out.lite, out.kubectl);
});
