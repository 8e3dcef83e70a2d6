/**
 * kubeconfig model: the decoded kubeconfig (clusters, users, contexts), clientcmd's file
 * precedence and merge, context selection and the RestConfig, without the YAML parser (so a CLI
 * that caches decoded files does not load it; `kubeconfig.ts` parses and loads).
 *
 * Contract: as `kubeconfig.ts` states; pure except `restConfigFor`, which reads referenced files.
 * Upstream: staging/src/k8s.io/client-go/tools/clientcmd/{loader.go,client_config.go}
 */
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { isPlainObject } from '@miniplane/api/types';
import type { RestConfig } from './restClient.js';

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

export interface ClusterEntry {
  server: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
}

export interface UserEntry {
  token?: string;
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
}

export interface ContextEntry {
  cluster: string;
  user: string;
  namespace?: string;
}

export interface Kubeconfig {
  currentContext: string;
  clusters: Map<string, ClusterEntry>;
  users: Map<string, UserEntry>;
  contexts: Map<string, ContextEntry>;
}

export interface SelectedContext {
  contextName: string;
  /** The context's namespace, `default` when unset. */
  namespace: string;
  cluster: ClusterEntry;
  user: UserEntry;
}

/** The value of `--kubeconfig` in `argv` (`--kubeconfig=p` or `--kubeconfig p`), if any. */
export function kubeconfigFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--kubeconfig=')) return a.slice('--kubeconfig='.length);
    if (a === '--kubeconfig') return argv[i + 1];
  }
  return undefined;
}

export interface PathOptions {
  /** Explicit path (the `--kubeconfig` flag). */
  explicit?: string;
  env?: Record<string, string | undefined>;
  home?: string;
}

/** The files to read, in precedence order (explicit files are returned even if missing). */
export function kubeconfigPaths(o: PathOptions = {}): string[] {
  if (o.explicit) return [o.explicit];
  const list = (o.env ?? process.env).KUBECONFIG;
  if (list) return [...new Set(list.split(delimiter).filter(Boolean))];
  return [join(o.home ?? homedir(), '.kube', 'config')];
}

/**
 * The kubeconfig of an already-decoded document (a CLI that caches the decoded file skips the
 * YAML parser); `sourcePath` anchors relative file references.
 */
export function kubeconfigFromDocument(doc: unknown, sourcePath?: string): Kubeconfig {
  if (!isPlainObject(doc)) throw new KubeconfigError(`kubeconfig ${sourcePath ?? ''}: not a YAML mapping`.trim());
  const base = sourcePath ? dirname(resolve(sourcePath)) : process.cwd();
  const file = (p: unknown): string | undefined => (typeof p === 'string' && p ? (isAbsolute(p) ? p : join(base, p)) : undefined);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  return {
    currentContext: str(doc['current-context']) ?? '',
    clusters: named(doc.clusters, 'cluster', (c) => ({
      server: str(c.server) ?? '',
      certificateAuthority: file(c['certificate-authority']),
      certificateAuthorityData: str(c['certificate-authority-data']),
      insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    })),
    users: named(doc.users, 'user', (u) => ({
      token: str(u.token),
      tokenFile: file(u.tokenFile),
      clientCertificate: file(u['client-certificate']),
      clientCertificateData: str(u['client-certificate-data']),
      clientKey: file(u['client-key']),
      clientKeyData: str(u['client-key-data']),
    })),
    contexts: named(doc.contexts, 'context', (c) => ({ cluster: str(c.cluster) ?? '', user: str(c.user) ?? '', namespace: str(c.namespace) })),
  };
}

function named<E>(list: unknown, field: string, map: (v: Record<string, unknown>) => E): Map<string, E> {
  const out = new Map<string, E>();
  if (!Array.isArray(list)) return out;
  for (const entry of list) {
    if (!isPlainObject(entry) || typeof entry.name !== 'string' || out.has(entry.name)) continue;
    out.set(entry.name, map(isPlainObject(entry[field]) ? entry[field] : {}));
  }
  return out;
}

export function mergeKubeconfigs(configs: readonly Kubeconfig[]): Kubeconfig {
  const merged: Kubeconfig = { currentContext: '', clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const c of configs) {
    merged.currentContext ||= c.currentContext;
    for (const k of ['clusters', 'users', 'contexts'] as const) {
      const into = merged[k] as Map<string, unknown>;
      for (const [name, v] of c[k]) if (!into.has(name)) into.set(name, v);
    }
  }
  return merged;
}

/** Picks `context` (default: current-context) and resolves its cluster and user. */
export function selectContext(cfg: Kubeconfig, context?: string): SelectedContext {
  const contextName = context || cfg.currentContext;
  if (!contextName) throw new KubeconfigError('kubeconfig: no context chosen and current-context is not set');
  const ctx = cfg.contexts.get(contextName);
  if (!ctx) throw new KubeconfigError(`kubeconfig: context "${contextName}" not found`);
  const cluster = cfg.clusters.get(ctx.cluster);
  if (!cluster) throw new KubeconfigError(`kubeconfig: cluster "${ctx.cluster}" of context "${contextName}" not found`);
  if (!cluster.server) throw new KubeconfigError(`kubeconfig: cluster "${ctx.cluster}" has no server`);
  if (ctx.user && !cfg.users.has(ctx.user)) throw new KubeconfigError(`kubeconfig: user "${ctx.user}" of context "${contextName}" not found`);
  // A context that names no user is allowed: requests go out without credentials.
  const user = cfg.users.get(ctx.user) ?? {};
  return { contextName, namespace: ctx.namespace ?? 'default', cluster, user };
}

export type ReadFile = (path: string) => Promise<Buffer>;

/** Builds the RestConfig, reading referenced CA, cert, key and token files. */
export async function restConfigFor(sel: SelectedContext, read: ReadFile = readFile): Promise<RestConfig> {
  const { cluster: c, user: u } = sel;
  const data = async (inline: string | undefined, path: string | undefined): Promise<Buffer | undefined> =>
    inline ? Buffer.from(inline, 'base64') : path ? read(path) : undefined;
  const token = u.token ?? (u.tokenFile ? (await read(u.tokenFile)).toString('utf8').trim() : undefined);
  const cfg: RestConfig = { server: c.server, insecureSkipTLSVerify: c.insecureSkipTlsVerify || undefined };
  const ca = await data(c.certificateAuthorityData, c.certificateAuthority);
  const cert = await data(u.clientCertificateData, u.clientCertificate);
  const key = await data(u.clientKeyData, u.clientKey);
  if (ca) cfg.ca = ca;
  if (cert) cfg.cert = cert;
  if (key) cfg.key = key;
  if (token) cfg.token = token;
  return cfg;
}

