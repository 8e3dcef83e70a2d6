/**
 * kubeconfig: finds and reads kubeconfig files into a `RestConfig` for the current context.
 *
 * Contract:
 * - Path resolution (clientcmd's precedence): an explicit `--kubeconfig` path is the only file
 *   read and must exist; else every existing file of `KUBECONFIG` (path-list, like $PATH) is
 *   merged; else `~/.kube/config`.
 * - Merging: the first file that defines a cluster/user/context name wins it; the first
 *   non-empty `current-context` wins.
 * - Relative file references (certificate-authority, client-certificate, client-key, tokenFile)
 *   resolve against the directory of the file that holds them.
 * - A missing context, cluster or user is a `KubeconfigError` naming it. Pure parsing and
 *   selection do no I/O; `loadKubeconfig` and `restConfigFor` read files.
 * Upstream: staging/src/k8s.io/client-go/tools/clientcmd/{loader.go,client_config.go}
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { kubeconfigFromDocument, kubeconfigPaths, mergeKubeconfigs, restConfigFor, selectContext, KubeconfigError, type Kubeconfig, type PathOptions } from './kubeconfigModel.js';
import type { RestConfig } from './restClient.js';

export * from './kubeconfigModel.js';

/** Parses one file's YAML; `sourcePath` anchors relative file references. */
export function parseKubeconfig(text: string, sourcePath?: string): Kubeconfig {
  return kubeconfigFromDocument(parse(text) ?? {}, sourcePath);
}

export interface LoadOptions extends PathOptions {
  context?: string;
}

export interface LoadedKubeconfig {
  config: RestConfig;
  namespace: string;
  contextName: string;
  /** The files actually read. */
  paths: string[];
}

export async function loadKubeconfig(o: LoadOptions = {}): Promise<LoadedKubeconfig> {
  const candidates = kubeconfigPaths(o);
  // Only an explicit path must exist; KUBECONFIG entries and the default may be absent.
  const paths = o.explicit ? candidates : candidates.filter((p) => existsSync(p));
  if (paths.length === 0) throw new KubeconfigError(`kubeconfig: none of ${candidates.join(', ')} exists`);
  const parsed = await Promise.all(paths.map(async (p) => parseKubeconfig(await readFile(p, 'utf8'), p)));
  const sel = selectContext(mergeKubeconfigs(parsed), o.context);
  return { config: await restConfigFor(sel), namespace: sel.namespace, contextName: sel.contextName, paths };
}
