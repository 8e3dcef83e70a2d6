/**
 * `kubectl-lite get` against a live miniplane, diffed with the real kubectl for the same command:
 * tables (ages normalised), object outputs, selectors, and kubectl's empty-result messages.
 */
import t from 'tap';
import { both, startCluster } from './harness.js';

t.test('get prints what kubectl prints', async (t) => {
  const c = await startCluster(t);
  const setup = [
    ['create', 'service', 'clusterip', 'nginx-svc', '--tcp=80:80'],
    ['create', 'service', 'nodeport', 'web', '--tcp=8080:80', '--node-port=30080'],
    ['create', 'configmap', 'cfg', '--from-literal=a=a very long string with spaces that goes on and on past the eighty column limit of yaml',
      '--from-literal=b=*', '--from-literal=c=true', '--from-literal=d=12', '--from-literal=e=line1\nline2\n', '--from-literal=y=[1]',
      '--from-literal=f=2026-01-01', '--from-literal=g=a #b', '--from-literal=h=tab\tx', "--from-literal=i=it's"],
    ['create', 'namespace', 'other'],
    ['-n', 'other', 'create', 'configmap', 'o1'],
    ['annotate', 'svc', 'web', 'example.com/owner=team-a'],
  ];
  for (const args of setup) t.equal((await c.kubectl(args)).code, 0, args.join(' '));
  const cases = [
    ['get', 'svc'], ['get', 'services', '-o', 'wide'], ['get', 'svc', '-A'], ['get', 'ns'], ['get', 'svc,ep,endpointslices'],
    ['get', 'all'], ['get', 'svc', 'web', '-o', 'yaml'], ['get', 'cm', 'cfg', '-o', 'yaml'], ['get', 'cm', 'cfg', '-o', 'json'],
    ['get', 'svc', '-o', 'yaml'], ['get', 'cm', '-A', '-o', 'json'], ['get', 'svc', '-o', 'name'], ['get', 'service/web', 'cm/cfg'],
    ['get', 'svc', '-l', 'app=web'], ['get', 'svc', '-l', 'app=zzz'], ['get', 'svc', '-A', '-l', 'app=zzz'], ['get', 'svc', '-l', 'app=zzz', '-o', 'yaml'],
    ['get', 'svc', '-l', 'app=zzz', '-o', 'name'], ['get', 'svc', '--field-selector', 'metadata.name=kubernetes'],
    ['get', 'svc', '--no-headers'], ['get', 'svc,cm', '--no-headers'], ['get', 'svc', '--show-labels', '-L', 'app,component'],
    ['get', 'svc', '-o', 'jsonpath={.items[*].metadata.name}'], ['get', 'svc', '-o', 'jsonpath={.items[0].spec.ports}'],
    ['get', 'svc', '-o', 'jsonpath={range .items[*]}{.metadata.name}:{.spec.ports[0].port}{"\\n"}{end}'],
    ['get', 'svc', 'web', '-o', 'jsonpath={.metadata.annotations.example\\.com/owner}'], ['get', 'svc', '-o', 'custom-columns=OWNER:.metadata.annotations.example\\.com/owner'],
    ['get', 'svc', '-o', 'custom-columns=NAME:.metadata.name,IP:.spec.clusterIP,SEL:.spec.selector.app'],
    ['get', 'svc', '--sort-by=.spec.ports[0].port'], ['get', 'cm', '-n', 'other'], ['get', 'cm', '--namespace=other', 'o1', '-o', 'name'],
    ['get', 'nodes'], ['get', 'pods', '-o', 'yaml'], ['get', 'Service.v1.', 'web', '-o', 'name'], ['get', 'deploy.apps'],
  ];
  for (const args of cases) {
    const r = await both(c, args);
    t.same(r.lite, r.kubectl, args.join(' '));
  }
});
