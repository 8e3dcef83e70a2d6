import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  KubeconfigError, kubeconfigFlag, kubeconfigPaths, loadKubeconfig, mergeKubeconfigs, parseKubeconfig, selectContext,
} from './kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'miniplane-kubeconfig-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const main = `
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority: certs/ca.pem
- name: insecure
  cluster:
    server: http://127.0.0.1:8080
    insecure-skip-tls-verify: true
contexts:
- name: dev
  context: { cluster: local, user: admin, namespace: team-a }
- name: anon
  context: { cluster: insecure }
- name: broken
  context: { cluster: nowhere, user: admin }
users:
- name: admin
  user:
    token: s3cret
    client-key-data: ${Buffer.from('KEY').toString('base64')}
`;

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

t.test('flag parsing', async (t) => {
  const cases = [
    { name: 'equals form', argv: ['get', '--kubeconfig=/a/b', 'svc'], want: '/a/b' },
    { name: 'separate value', argv: ['--kubeconfig', '/c', 'get'], want: '/c' },
    { name: 'absent', argv: ['get', 'svc'], want: undefined },
    // a trailing flag with no value has nothing to point at
    { name: 'dangling', argv: ['get', '--kubeconfig'], want: undefined },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(kubeconfigFlag(c.argv), c.want));
});

t.test('path precedence: flag, then KUBECONFIG list, then ~/.kube/config', async (t) => {
  t.same(kubeconfigPaths({ explicit: '/x', env: { KUBECONFIG: '/y' } }), ['/x']);
  t.same(kubeconfigPaths({ env: { KUBECONFIG: ['/a', '', '/b', '/a'].join(delimiter) } }), ['/a', '/b'], 'empties and duplicates dropped');
  t.same(kubeconfigPaths({ env: {}, home: '/home/u' }), ['/home/u/.kube/config']);
});

t.test('parse resolves relative files against the file directory', async (t) => {
  const cfg = parseKubeconfig(main, join(dir, 'config'));
  t.equal(cfg.currentContext, 'dev');
  t.equal(cfg.clusters.get('local')?.certificateAuthority, join(dir, 'certs/ca.pem'));
  t.equal(cfg.clusters.get('insecure')?.insecureSkipTlsVerify, true);
  t.same(cfg.contexts.get('dev'), { cluster: 'local', user: 'admin', namespace: 'team-a' });
});

t.test('select errors name what is missing', async (t) => {
  const cfg = parseKubeconfig(main);
  t.throws(() => selectContext(cfg, 'nope'), new KubeconfigError('kubeconfig: context "nope" not found'));
  t.throws(() => selectContext(cfg, 'broken'), /cluster "nowhere" of context "broken" not found/);
  t.throws(() => selectContext(parseKubeconfig('clusters: []')), /current-context is not set/);
  const anon = selectContext(cfg, 'anon');
  t.same(anon.user, {}, 'a context without a user sends no credentials');
  t.equal(anon.namespace, 'default');
});

t.test('merge: first definition and first current-context win', async (t) => {
  const a = parseKubeconfig('clusters: [{name: c, cluster: {server: "https://a"}}]');
  const b = parseKubeconfig('current-context: x\nclusters: [{name: c, cluster: {server: "https://b"}}]');
  const m = mergeKubeconfigs([a, b]);
  t.equal(m.clusters.get('c')?.server, 'https://a');
  t.equal(m.currentContext, 'x');
});

t.test('loadKubeconfig with an explicit file reads the CA and builds a RestConfig', async (t) => {
  file('ca.pem', '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n');
  const p = file('config', main.replace('certs/ca.pem', 'ca.pem'));
  const got = await loadKubeconfig({ explicit: p });
  t.equal(got.contextName, 'dev');
  t.equal(got.namespace, 'team-a');
  t.equal(got.config.server, 'https://127.0.0.1:6443');
  t.equal(got.config.token, 's3cret');
  t.match(String(got.config.ca), /BEGIN CERTIFICATE/);
  t.equal(String(got.config.key), 'KEY', 'inline -data is base64-decoded');
  const anon = await loadKubeconfig({ explicit: p, context: 'anon' });
  t.same(anon.config, { server: 'http://127.0.0.1:8080', insecureSkipTLSVerify: true });
});

t.test('KUBECONFIG: missing entries are skipped, tokenFile is read', async (t) => {
  file('token', 'tok-from-file\n');
  const p = file('second', `
current-context: c
clusters: [{name: k, cluster: {server: "http://h:1"}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
users: [{name: u, user: {tokenFile: token}}]
`);
  const got = await loadKubeconfig({ env: { KUBECONFIG: [join(dir, 'absent'), p].join(delimiter) } });
  t.equal(got.config.token, 'tok-from-file');
  t.same(got.paths, [p]);
  await t.rejects(loadKubeconfig({ env: { KUBECONFIG: join(dir, 'absent') } }), KubeconfigError);
  await t.rejects(loadKubeconfig({ explicit: join(dir, 'absent') }), { code: 'ENOENT' }, 'an explicit path must exist');
});
