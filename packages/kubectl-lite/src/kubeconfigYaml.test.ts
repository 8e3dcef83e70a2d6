import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { parseSimpleYaml } from './kubeconfigYaml.js';

// Read here: the result must be what the yaml package reads.
const supported: { name: string; text: string }[] = [
  { name: 'miniplane\'s kubeconfig', text: 'apiVersion: v1\nkind: Config\nclusters:\n- name: miniplane\n  cluster:\n    server: http://127.0.0.1:39845\n    insecure-skip-tls-verify: true\ncontexts:\n- name: miniplane\n  context:\n    cluster: miniplane\n    user: miniplane\n    namespace: default\ncurrent-context: miniplane\nusers:\n- name: miniplane\n  user: {}\npreferences: {}\n' },
  { name: 'sequences indented under their key', text: 'clusters:\n  - name: a\n    cluster:\n      server: https://a.example:6443\n      certificate-authority-data: LS0tLS1CRUdJTg==\n  - name: b\n    cluster: {}\nusers: []\n' },
  { name: 'quoted and typed scalars', text: `a: "x: y # z"\nb: 'it''s'\nc: True\nd: ~\ne: null\nf: 0\ng: 42\nh:\ni: "\\u00e9\\n"\nj: FALSE\nk: plain#hash\nl: a:b\n` },
  { name: 'a bare dash holds a nested block', text: 'x:\n-\n  a: 1\n- b\n-\n' },
  { name: 'nested sequences', text: 'x:\n- - a\n  - b\n- - c\n' },
  { name: 'trailing spaces and blank lines', text: 'a: b   \n\n\nc:\n  d: e  \n' },
];

// Left to the yaml package (undefined here), each for its reason.
const unsupported: { name: string; text: string }[] = [
  { name: 'a comment line', text: '# kubeconfig\na: b\n' },
  { name: 'a trailing comment', text: 'a: b # note\n' },
  { name: 'an anchor', text: 'a: &x b\nc: *x\n' },
  { name: 'a block scalar', text: 'a: |\n  text\n' },
  { name: 'a flow mapping', text: 'a: {b: c}\n' },
  { name: 'a tab', text: 'a:\n\tb: c\n' },
  { name: 'a document marker', text: '---\na: b\n' },
  { name: 'duplicate keys', text: 'a: b\na: c\n' },
  { name: 'a multi-line plain scalar', text: 'a: b\n  c\n' },
  { name: 'a float', text: 'a: 1.5\n' },
  { name: 'a hex number', text: 'a: 0x1F\n' },
  { name: 'a plain scalar starting with a dash', text: 'a: -x\n' },
  { name: 'CRLF line ends', text: 'a: b\r\n' },
  { name: 'a tag', text: 'a: !!str 1\n' },
  { name: 'a quoted key', text: '"a": b\n' },
  { name: 'a top-level scalar', text: 'hello\n' },
  { name: 'nothing', text: '\n' },
];

for (const c of supported) t.test(c.name, async (t) => {
  const got = parseSimpleYaml(c.text);
  t.not(got, undefined, 'read without the yaml package');
  t.same(got, parse(c.text));
});
for (const c of unsupported) t.test(c.name, async (t) => t.equal(parseSimpleYaml(c.text), undefined));

t.test('a kubeconfig written by the real kubectl reads as the yaml package reads it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-yaml-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config');
  const ca = join(dir, 'ca.crt');
  (await import('node:fs')).writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  for (const args of [
    ['config', 'set-cluster', 'prod', '--server=https://10.0.0.1:6443', `--certificate-authority=${ca}`, '--embed-certs=true'],
    ['config', 'set-cluster', 'dev', '--server=http://127.0.0.1:8080', '--insecure-skip-tls-verify=true'],
    ['config', 'set-credentials', 'admin', '--token=abc.def-123'],
    ['config', 'set-credentials', 'me', '--username=me', '--password=p: w#1'],
    ['config', 'set-context', 'prod', '--cluster=prod', '--user=admin', '--namespace=shop'],
    ['config', 'set-context', 'dev', '--cluster=dev', '--user=me'],
    ['config', 'use-context', 'prod'],
  ]) t.equal(spawnSync('kubectl', ['--kubeconfig', file, ...args]).status, 0, args.join(' '));
  const text = readFileSync(file, 'utf8');
  const got = parseSimpleYaml(text);
  t.not(got, undefined, 'read without the yaml package');
  t.same(got, parse(text));
});
