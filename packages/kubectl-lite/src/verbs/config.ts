/**
 * `kubectl config view|get-contexts|current-context|use-context`: the merged kubeconfig as
 * kubectl shows it (secrets shown as `DATA+OMITTED`/`REDACTED` unless `--raw`, `--minify` for the
 * current context only), the context table, and switching `current-context` in the file that
 * holds it (the first file of the list that sets one, else the first file), keeping the rest of
 * the file as written.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/config/{view.go,get_contexts.go,current_context.go,use_context.go}
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CliError, UsageError } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import { loadConfigFiles } from '../connection.js';
import { goYaml } from '../output/goYaml.js';
import { tabwrite } from '../output/tableText.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'raw', type: 'bool' },
  { name: 'minify', type: 'bool' },
  commonFlags.output,
  { name: 'no-headers', type: 'bool' },
];

type Entry = Record<string, unknown>;

function clean(o: Entry): Entry {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== false && v !== ''));
}

async function view(s: Session): Promise<string> {
  const { config } = await loadConfigFiles(s.flags);
  const raw = s.flags.bool('raw');
  const secret = (v: string | undefined, shown: string) => (v === undefined ? undefined : raw ? v : shown);
  const current = s.flags.string('context') || config.currentContext;
  const ctx = config.contexts.get(current);
  const keep = (kind: 'clusters' | 'users' | 'contexts', name: string) =>
    !s.flags.bool('minify') || (kind === 'contexts' ? name === current : kind === 'clusters' ? name === ctx?.cluster : name === ctx?.user);
  const doc = {
    apiVersion: 'v1',
    clusters: [...config.clusters].filter(([n]) => keep('clusters', n)).map(([name, c]) => ({ cluster: clean({
      'certificate-authority': c.certificateAuthority, 'certificate-authority-data': secret(c.certificateAuthorityData, 'DATA+OMITTED'),
      'insecure-skip-tls-verify': c.insecureSkipTlsVerify, server: c.server,
    }), name })),
    contexts: [...config.contexts].filter(([n]) => keep('contexts', n)).map(([name, c]) => ({ context: clean({ cluster: c.cluster, namespace: c.namespace, user: c.user }), name })),
    'current-context': s.flags.bool('minify') ? current : config.currentContext,
    kind: 'Config',
    preferences: {},
    users: [...config.users].filter(([n]) => keep('users', n)).map(([name, u]) => ({ name, user: clean({
      'client-certificate': u.clientCertificate, 'client-certificate-data': secret(u.clientCertificateData, 'DATA+OMITTED'),
      'client-key': u.clientKey, 'client-key-data': secret(u.clientKeyData, 'DATA+OMITTED'), token: secret(u.token, 'REDACTED'), tokenFile: u.tokenFile,
    }) })),
  };
  return goYaml(doc);
}

async function getContexts(s: Session, names: string[]): Promise<string> {
  const { config } = await loadConfigFiles(s.flags);
  const current = s.flags.string('context') || config.currentContext;
  const rows = s.flags.bool('no-headers') ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
  const wanted = names.length ? names : [...config.contexts.keys()].sort();
  for (const name of wanted) {
    const c = config.contexts.get(name);
    if (!c) throw new CliError(`context ${name} not found`);
    rows.push([name === current ? '*' : '', name, c.cluster, c.user, c.namespace ?? '']);
  }
  if (s.flags.string('output') === 'name') return wanted.map((n) => n + '\n').join('');
  return tabwrite(rows);
}

async function useContext(s: Session, name: string): Promise<string> {
  const { config, paths } = await loadConfigFiles(s.flags);
  if (!config.contexts.has(name)) throw new CliError(`no context exists with the name: "${name}"`);
  const { parseDocument } = await import('yaml');
  const docs = paths.map((p) => ({ p, doc: parseDocument(readFileSync(p, 'utf8')) }));
  const target = docs.find((d) => d.doc.get('current-context')) ?? docs[0];
  if (!target) throw new CliError('no kubeconfig file to write');
  target.doc.set('current-context', name);
  writeFileSync(target.p, target.doc.toString());
  return `Switched to context "${name}".\n`;
}

export async function run(s: Session, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'view':
      s.io.out(await view(s));
      return 0;
    case 'get-contexts':
      s.io.out(await getContexts(s, rest));
      return 0;
    case 'current-context': {
      const { config } = await loadConfigFiles(s.flags);
      if (!config.currentContext) throw new CliError('current-context is not set');
      s.io.out(config.currentContext + '\n');
      return 0;
    }
    case 'use-context':
      if (!rest[0]) throw new UsageError('Unexpected args: []', 'config use-context');
      s.io.out(await useContext(s, rest[0]));
      return 0;
    default:
      throw new UsageError(`unknown command "${sub ?? ''}" for "kubectl config"`, 'config');
  }
}
