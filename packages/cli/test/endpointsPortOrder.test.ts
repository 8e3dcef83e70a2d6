/**
 * The Endpoints controller's port order on `miniplane up`, read with the real kubectl: kube's
 * SortSubsets orders a subset's ports by the md5 of their Go dump, not as the Service lists them.
 * md5 of `(v1.EndpointPort){Name:(string)metrics Port:(int32)9100 Protocol:(v1.Protocol)TCP
 * AppProtocol:(*string)<nil>}` is 7cafeb32…, of the same for http/8080 fc51ca70… (md5sum).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { until } from './until.js';
import { up } from './upProcess.js';

const run = promisify(execFile);

t.test('Endpoints ports in md5 order of their Go dump', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-eporder-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { kubeconfig } = await up(t, ['--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir, '--nodes', '1']);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), ...a])).stdout;
  await kubectl('create', 'deployment', 'order', '--image=nginx', '--replicas=2');
  await kubectl('create', 'service', 'clusterip', 'order', '--tcp=80:8080', '--tcp=9100:9100');
  await kubectl('patch', 'service', 'order', '--type=json', '-p',
    '[{"op":"replace","path":"/spec/selector","value":{"app":"order"}},{"op":"replace","path":"/spec/ports/0/name","value":"http"},{"op":"replace","path":"/spec/ports/1/name","value":"metrics"}]');
  const subsets = await until('2 ready addresses', async () => {
    const ep = JSON.parse(await kubectl('get', 'endpoints', 'order', '-o', 'json'));
    return ep.subsets?.[0]?.addresses?.length === 2 ? ep.subsets as Array<{ ports: Array<{ name: string; port: number }> }> : undefined;
  });
  t.equal(subsets.length, 1, 'one subset: both ports served by the same pods');
  t.same(subsets[0]!.ports.map((p) => `${p.name}:${p.port}`), ['metrics:9100', 'http:8080'], 'the Service lists http first; kube orders metrics first');
});
