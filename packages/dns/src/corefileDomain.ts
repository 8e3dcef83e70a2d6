/**
 * The zone the DNS component serves when it is not given one (`miniplane dns` without
 * `--cluster-domain`): the one CoreDNS would serve on this cluster, read from kubeadm's ConfigMap
 * `kube-system/coredns` (key `Corefile`, the zone of its `kubernetes` plugin), which `miniplane up`
 * writes with its `--cluster-domain` whenever it runs DNS.
 *
 * Contract: one GET, at start (CoreDNS's `reload` of a changed Corefile is not reproduced: a new
 * domain needs a restart). The ConfigMap missing (404), without the key, or naming no usable zone:
 * no domain, with the reason for the log (the caller keeps cluster.local). Any other failure is
 * thrown: serving a guessed zone would be wrong in silence.
 * Upstream: cmd/kubeadm/app/phases/addons/dns/manifests.go (the Corefile CoreDNS is started with),
 *           coredns plugin/kubernetes/setup.go (zones from the plugin's arguments)
 */
import { ApiError, findResourceByKind, type KubeObject } from '@miniplane/api';
import { clusterDomainOfCorefile, coreDNSConfigMapRef } from '@miniplane/api/componentConfig/index';
import type { RestClient } from '@miniplane/client';

const configMaps = findResourceByKind('v1', 'ConfigMap')!;

export interface CorefileDomain {
  /** The zone its `kubernetes` plugin serves; undefined when none could be read. */
  domain?: string;
  /** Where it came from, or why there is none: `kube-system/coredns`, `kube-system/coredns not found`, ... */
  source: string;
  /** No such ConfigMap (a cluster whose DNS is not configured there), rather than one that names no zone. */
  missing?: true;
}

export async function corefileDomain(client: RestClient, signal?: AbortSignal): Promise<CorefileDomain> {
  const ref = coreDNSConfigMapRef;
  const where = `${ref.namespace}/${ref.name}`;
  let cm: KubeObject & { data?: Record<string, string> | null };
  try {
    cm = await client.resource<KubeObject & { data?: Record<string, string> | null }>(configMaps).get(ref.name, { namespace: ref.namespace, signal });
  } catch (err: unknown) {
    if (err instanceof ApiError && err.code === 404) return { source: `${where} not found`, missing: true };
    throw new Error(`dns: cannot read the cluster domain from configmap ${where}: ${(err as Error).message}`, { cause: err });
  }
  const text = cm.data?.[ref.key];
  if (text === undefined) return { source: `${where} has no ${ref.key}` };
  const domain = clusterDomainOfCorefile(text);
  return domain ? { domain, source: where } : { source: `${where}: its ${ref.key} names no cluster zone in a kubernetes plugin` };
}
