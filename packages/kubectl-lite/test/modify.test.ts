/**
 * The verbs that change one object in place (`patch`, `label`, `annotate`, `scale`) and the ones
 * that build objects (`run`, `expose`) against a live miniplane, diffed with the real kubectl,
 * each tool in its own namespace.
 */
import t from 'tap';
import { normaliseAges, startCluster, type Run } from './harness.js';

function mask(r: Run, ns: string): Run {
  const m = (s: string) => normaliseAges(s).replaceAll(ns, 'NS').replace(/(uid|resourceVersion|creationTimestamp|clusterIP|time): .*/g, '$1: X').replace(/- \d+\.\d+\.\d+\.\d+$/gm, '- IP');
  return { code: r.code, stdout: m(r.stdout), stderr: m(r.stderr) };
}

t.test('patch, label, annotate, scale, run and expose print and do what kubectl does', async (t) => {
  const c = await startCluster(t);
  for (const ns of ['ns-lite', 'ns-kctl']) {
    for (const args of [['create', 'namespace', ns], ['-n', ns, 'create', 'deployment', 'web', '--image=nginx'], ['-n', ns, 'create', 'service', 'clusterip', 'hl', '--clusterip=None']]) {
      t.equal((await c.kubectl(args)).code, 0, args.join(' '));
    }
  }
  const steps = [
    ['patch', 'svc', 'hl', '-p', '{"spec":{"sessionAffinity":"ClientIP"}}'], ['patch', 'svc', 'hl', '-p', '{"spec":{"sessionAffinity":"ClientIP"}}'],
    ['patch', 'svc', 'hl', '--type=merge', '-p', '{"metadata":{"labels":{"x":"y"}}}'],
    ['patch', 'svc', 'hl', '--type=json', '-p', '[{"op":"remove","path":"/metadata/labels/x"}]'],
    ['patch', 'svc', 'hl', '-p', '{"spec":{"ports":[{"port":-1}]}}'], ['patch', 'svc', 'hl', '--type=bogus', '-p', '{}'], ['patch', 'svc', 'nosuch', '-p', '{}'],
    ['label', 'svc', 'hl', 'a=b'], ['label', 'svc', 'hl', 'a=c'], ['label', 'svc', 'hl', 'a=c', '--overwrite'], ['label', 'svc', 'hl', 'a-'], ['label', 'svc', 'hl', 'a-'],
    ['annotate', 'svc', 'hl', 'note=hi'], ['annotate', 'svc', 'hl', 'note-'], ['scale', 'deploy', 'web', '--replicas=3'], ['scale', 'svc', 'hl', '--replicas=3'],
    ['scale', 'deploy/web', '--replicas=2', '--current-replicas=5'], ['get', 'svc', 'hl', '-o', 'yaml'], ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'],
    ['run', 'web', '--image=nginx:1.25', '--port=80', '--dry-run=client', '-o', 'yaml'],
    ['run', 'web2', '--image=nginx', '--labels=a=b,c=d', '--env=X=1', '--restart=Never', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '10'],
    ['run', 'web3', '--image=nginx', '--command', '--dry-run=client', '-o', 'yaml', '--', 'sh', '-c', 'true'], ['run', 'x'],
    ['expose', 'deploy', 'web', '--port=80', '--target-port=8080', '--dry-run=client', '-o', 'yaml'],
    ['expose', 'deploy', 'web', '--port=80', '--type=NodePort', '--name=web-np', '--dry-run=client', '-o', 'yaml'],
    ['run', 'pw', '--image=nginx', '--port=8080'], ['expose', 'pod', 'pw', '--port=80'], ['expose', 'pod', 'pw', '--port=80'], ['expose', 'deploy', 'web'],
    ['expose', 'svc', 'pw', '--name=pw2', '--port=81'], ['get', 'svc', 'pw', 'pw2', '-o', 'yaml'], ['get', 'pod', 'pw', '-o', 'jsonpath={.spec}'],
    ['expose', 'deploy', 'nosuch', '--port=80'],
  ];
  for (const step of steps) {
    const lite = mask(await c.lite(['-n', 'ns-lite', ...step]), 'ns-lite');
    const kubectl = mask(await c.kubectl(['-n', 'ns-kctl', ...step]), 'ns-kctl');
    t.same(lite, kubectl, step.join(' '));
  }
});
