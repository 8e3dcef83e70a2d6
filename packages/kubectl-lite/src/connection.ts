/**
 * Connection: kubectl's client configuration from the kubeconfig files and the global flags.
 *
 * Contract: files as clientcmd finds them (`--kubeconfig` alone, else every file of `KUBECONFIG`
 * merged first-wins, else `~/.kube/config`; none at all is allowed and means
 * `http://localhost:8080`, as kubectl falls back); then `--context`, `--cluster`, `--user`,
 * `--server`, `--token`, `--certificate-authority`, `--client-certificate`, `--client-key`,
 * `--insecure-skip-tls-verify`, `-n` and `--request-timeout` override what the context says.
 * Bearer tokens, client certificates and keys, CA data and files come from the chosen entries.
 * Upstream: staging/src/k8s.io/client-go/tools/clientcmd/{loader.go,client_config.go,overrides.go}
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseDuration } from '@miniplane/api/goDuration';
import {
  kubeconfigFromDocument, kubeconfigPaths, mergeKubeconfigs, restConfigFor,
  type ClusterEntry, type Kubeconfig, type UserEntry,
} from '@miniplane/client/kubeconfigModel';
import { parseSimpleYaml } from './kubeconfigYaml.js';
import { RestClient } from '@miniplane/client/restClient';
import { CliError, RawError } from './errors.js';
import type { Flags } from './flags.js';

export interface Connection {
  client: RestClient;
  /** The namespace for namespaced verbs: `-n`, else the context's, else `default`. */
  namespace: string;
  /** Whether `-n` was given (kubectl then refuses a `-f` object of another namespace). */
  explicitNamespace: boolean;
  server: string;
  contextName: string;
}

/** One kubeconfig file's document: the plain subset without the YAML library, anything else with it. */
async function readKubeconfig(path: string): Promise<Kubeconfig> {
  const text = readFileSync(path, 'utf8');
  const doc = parseSimpleYaml(text) ?? (await import('yaml')).parse(text);
  return kubeconfigFromDocument(doc ?? {}, path);
}

/** The merged kubeconfig and the files it came from (`config` verbs read it too). */
export async function loadConfigFiles(flags: Flags, env: NodeJS.ProcessEnv = process.env): Promise<{ config: Kubeconfig; paths: string[] }> {
  const explicit = flags.string('kubeconfig');
  const candidates = kubeconfigPaths({ explicit, env });
  if (explicit && !existsSync(explicit)) throw new CliError(`stat ${explicit}: no such file or directory`);
  const paths = candidates.filter((p) => existsSync(p));
  const parsed = await Promise.all(paths.map(readKubeconfig));
  return { config: mergeKubeconfigs(parsed), paths };
}

/** Milliseconds of `--request-timeout` (`0` or unset: none); a bare number is seconds. */
export function requestTimeoutMs(text: string | undefined): number | undefined {
  if (!text || text === '0') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  try {
    return parseDuration(text);
  } catch {
    throw new CliError(`invalid argument "${text}" for "--request-timeout" flag: time: invalid duration "${text}"`);
  }
}

export async function connect(flags: Flags, userAgent = 'kubectl-lite'): Promise<Connection> {
  const { config } = await loadConfigFiles(flags);
  const contextName = flags.string('context') || config.currentContext;
  const ctx = contextName ? config.contexts.get(contextName) : undefined;
  if (flags.string('context') && !ctx) throw new RawError(`Error in configuration: context was not found for specified context: ${contextName}`);
  const clusterName = flags.string('cluster') || ctx?.cluster || '';
  const userName = flags.string('user') || ctx?.user || '';
  const cluster: ClusterEntry = { ...(config.clusters.get(clusterName) ?? { server: '' }) };
  if (flags.string('cluster') && !config.clusters.has(clusterName) && !flags.string('server')) throw new CliError(`cluster "${clusterName}" not found`);
  const user: UserEntry = { ...(config.users.get(userName) ?? {}) };
  if (flags.string('user') && !config.users.has(userName)) throw new CliError(`auth info "${userName}" does not exist`);
  const server = flags.string('server');
  if (server) cluster.server = server;
  // client-go: a server without a scheme is https only when TLS is configured
  const tls = Boolean(cluster.certificateAuthority || cluster.certificateAuthorityData || cluster.insecureSkipTlsVerify || flags.bool('insecure-skip-tls-verify'));
  if (cluster.server && !/^[a-z]+:\/\//.test(cluster.server)) cluster.server = `${tls ? 'https' : 'http'}://${cluster.server}`;
  cluster.server ||= 'http://localhost:8080';
  if (flags.string('certificate-authority')) {
    cluster.certificateAuthority = flags.string('certificate-authority');
    cluster.certificateAuthorityData = undefined;
  }
  if (flags.bool('insecure-skip-tls-verify')) cluster.insecureSkipTlsVerify = true;
  if (flags.string('token')) Object.assign(user, { token: flags.string('token'), tokenFile: undefined });
  if (flags.string('client-certificate')) Object.assign(user, { clientCertificate: flags.string('client-certificate'), clientCertificateData: undefined });
  if (flags.string('client-key')) Object.assign(user, { clientKey: flags.string('client-key'), clientKeyData: undefined });
  const rest = await restConfigFor({ contextName, namespace: '', cluster, user });
  rest.timeoutMs = requestTimeoutMs(flags.string('request-timeout'));
  rest.userAgent = userAgent;
  const namespace = flags.string('namespace') || ctx?.namespace || 'default';
  return { client: new RestClient({ config: rest }), namespace, explicitNamespace: Boolean(flags.string('namespace')), server: cluster.server, contextName };
}
