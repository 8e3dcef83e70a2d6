/**
 * kubectl-lite's kubeconfig handling diffed with the real kubectl: `KUBECONFIG` lists merged
 * first-wins, `--context`/`--cluster`/`--user`/`-n` overrides, secrets redacted in `config view`,
 * `get-contexts`, `current-context`, and `use-context` writing the right file (checked by reading
 * it back with kubectl). Also `api-resources`, `version` and the `sim` demo helpers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { both, startCluster } from './harness.js';

function file(server: string, o: { ctx: string; cluster: string; user: string; ns?: string; current?: string; token?: string }): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${o.cluster}
  cluster:
    server: ${server}
    certificate-authority-data: ${Buffer.from('not really a CA').toString('base64')}
contexts:
- name: ${o.ctx}
  context:
    cluster: ${o.cluster}
    user: ${o.user}
${o.ns ? `    namespace: ${o.ns}\n` : ''}users:
- name: ${o.user}
  user:
    token: ${o.token ?? 'secret-token'}
${o.current ? `current-context: ${o.current}\n` : ''}`;
}

t.test('kubeconfig lists, overrides and the config verbs match kubectl', async (t) => {
  const c = await startCluster(t);
  t.equal((await c.kubectl(['create', 'namespace', 'team'])).code, 0);
  const a = join(c.dir, 'a.yaml');
  const b = join(c.dir, 'b.yaml');
  // b defines a context "one" too: the first file of the list wins it
  writeFileSync(a, file('http://127.0.0.1:1', { ctx: 'one', cluster: 'dead', user: 'u1' }));
  writeFileSync(b, `apiVersion: v1
kind: Config
clusters:
- name: live
  cluster:
    server: ${c.server.url}
contexts:
- name: two
  context: {cluster: live, user: u2, namespace: team}
- name: one
  context: {cluster: live, user: u2}
users:
- name: u2
  user:
    client-key-data: ${Buffer.from('not a key').toString('base64')}
current-context: two
`);
  const env = { KUBECONFIG: `${a}:${b}` };
  const cases = [
    ['config', 'view'], ['config', 'view', '--raw'], ['config', 'view', '--minify'], ['config', 'get-contexts'], ['config', 'current-context'],
    ['get', 'ns', 'team', '-o', 'name'], ['get', 'cm'], ['--context', 'one', 'get', 'svc', '--request-timeout=2s'],
    ['--context', 'one', '--cluster', 'live', 'get', 'svc', 'kubernetes', '-o', 'name'], ['-n', 'default', 'get', 'svc', '-o', 'name'],
    ['--context', 'nope', 'get', 'svc'], ['config', 'use-context', 'nope'],
    ['api-resources'], ['api-resources', '-o', 'wide'], ['api-resources', '-o', 'name'], ['api-resources', '--namespaced=false'], ['api-resources', '--api-group=apps'],
  ];
  for (const args of cases) {
    const r = await both(c, args, { env });
    if (args.includes('one') && args.includes('--request-timeout=2s')) {
      // a refused connection: kubectl logs klog lines first; the last line and the code must match
      t.equal(r.lite.stderr.trim(), r.kubectl.stderr.trim().split('\n').at(-1), args.join(' '));
      t.equal(r.lite.code, r.kubectl.code);
      continue;
    }
    t.same(r.lite, r.kubectl, args.join(' '));
  }
  const switched = await c.lite(['config', 'use-context', 'one'], { env });
  t.same({ code: switched.code, stdout: switched.stdout }, { code: 0, stdout: 'Switched to context "one".\n' });
  t.match(readFileSync(b, 'utf8'), /^current-context: one$/m, 'the file that held current-context was changed');
  t.notMatch(readFileSync(a, 'utf8'), /current-context/, 'the other file was left alone');
  t.equal((await c.kubectl(['config', 'current-context'], { env })).stdout, 'one\n', 'kubectl reads the switch back');
});

t.test('version and the sim helpers', async (t) => {
  const c = await startCluster(t);
  const v = await c.lite(['version']);
  t.match(v.stdout, /^Client Version: v0\.1\.0-kubectl-lite\nServer Version: v1\.33\.\d+/);
  const vj = JSON.parse((await c.lite(['version', '-o', 'json'])).stdout) as { serverVersion: { gitVersion: string } };
  t.equal(vj.serverVersion.gitVersion, JSON.parse((await c.kubectl(['version', '-o', 'json'])).stdout).serverVersion.gitVersion);
  const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
  t.equal((await c.kubectl(['create', '-f', '-'], { input: pod })).code, 0);
  const annotation = async () => (await c.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.annotations.miniplane\\.dev/ready}'])).stdout;
  t.same(await c.lite(['sim', 'unready', 'web']), { code: 0, stdout: 'pod/web readiness probe failing\n', stderr: '' });
  t.equal(await annotation(), 'false');
  t.same(await c.lite(['sim', 'ready', 'pod/web']), { code: 0, stdout: 'pod/web readiness probe passing\n', stderr: '' });
  t.equal(await annotation(), '');
  t.same(await c.lite(['sim', 'unready', 'nosuch']), { code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nosuch" not found\n' });
  t.equal((await c.lite(['sim', 'bogus'])).code, 1);
});
