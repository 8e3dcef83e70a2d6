/**
 * `kubectl-lite explain` against a live miniplane API server, diffed byte for byte (stdout,
 * stderr, exit code) with the real kubectl's for the same server: resources, short names,
 * singular and Kind spellings, field paths through refs, arrays and maps, enums in both views,
 * `--recursive` over every served type, `--api-version`, the group spelled in the path, and
 * kubectl's errors (unknown type, missing field after the printed header, a group-version the
 * server does not serve, a bad group-version, argument count, an unknown format). The second
 * run reads the document from the disk cache and prints the same.
 */
import t from 'tap';
import { both, startCluster } from './harness.js';

const cases = [
  ['explain', 'svc'], ['explain', 'svc.spec.ports'], ['explain', 'deployment.spec', '--recursive'],
  ['explain', 'deployments', '--api-version=apps/v1'], ['explain', 'deployments.spec', '--api-version=apps/v1'],
  ['explain', 'svc.spec.ports.protocol'], ['explain', 'pod.spec.containers.ports.protocol'], ['explain', 'deployments.apps.spec.replicas'],
  ['explain', 'Deployment.spec.template.spec.containers.resources'], ['explain', 'svc.metadata.labels'], ['explain', 'svc.'],
  ['explain', 'pods.spec'], ['explain', 'pods.spec.volumes', '--recursive'], ['explain', 'statefulsets', '--recursive'],
  ['explain', 'svc.spec.foo'], ['explain', 'svc.spec.ports.foo.bar'], ['explain', 'foo.bar'], ['explain'], ['explain', 'a', 'b'],
  ['explain', 'deployments', '--api-version=apps/v2'], ['explain', 'deployments', '--api-version=v1'], ['explain', 'svc', '--api-version=a/b/c'],
  ['explain', 'svc', '--output=json'],
];

t.test('explain prints what kubectl v1.32 prints for the same server', async (t) => {
  const c = await startCluster(t);
  for (const args of cases) {
    const r = await both(c, args);
    t.same(r.lite, r.kubectl, args.join(' '));
  }
  const resources = (await c.kubectl(['api-resources', '-o', 'name'])).stdout.trim().split('\n');
  t.ok(resources.length > 10, 'the server lists its resource types');
  for (const name of resources) {
    for (const args of [['explain', name], ['explain', name, '--recursive']]) {
      const r = await both(c, args);
      t.same(r.lite, r.kubectl, args.join(' '));
    }
  }
  const again = await c.lite(['explain', 'svc.spec.ports']);
  t.equal(again.stdout, (await c.kubectl(['explain', 'svc.spec.ports'])).stdout, 'the cached document explains the same');
});
