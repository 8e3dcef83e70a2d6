/**
 * resolvConf: the /etc/resolv.conf the kubelet has the container runtime write for a pod, from
 * its `dnsPolicy` and `dnsConfig`, the cluster DNS (the `kube-system/kube-dns` Service's
 * ClusterIPs, as kubeadm sets the kubelet's `--cluster-dns`), the cluster domain and the node's
 * own resolv.conf. Pure.
 *
 * Contract
 * - `ClusterFirst` (the default; a hostNetwork pod falls to `Default`) and
 *   `ClusterFirstWithHostNet`: nameservers = the cluster DNS IPs, search
 *   `<ns>.svc.<domain> svc.<domain> <domain>` then the node's search domains (duplicates dropped),
 *   options `ndots:5`. No cluster DNS: the `Default` result and the kubelet's MissingClusterDNS
 *   warning.
 * - `Default`: the node's nameservers, search domains and options. `None`: nothing but `dnsConfig`.
 * - `dnsConfig` then appends nameservers and searches (duplicates dropped) and merges options by
 *   name (its value wins, new names last).
 * - Limits as the kubelet applies them: at most 3 nameservers, 32 search domains and 2048
 *   characters of search list (the rest dropped, with the kubelet's warning).
 * - `formatResolvConf` writes it as containerd does: `search`, `nameserver` lines, `options`.
 * Upstream: pkg/kubelet/network/dns/dns.go (GetPodDNS, getPodDNSType, appendDNSConfig,
 *           mergeDNSOptions, formDNSConfigFitsLimits, parseResolvConf);
 *           containerd internal/cri/server/sandbox_run (parseDNSOptions)
 */

export interface PodDNSInput {
  name?: string;
  namespace: string;
  uid?: string;
  dnsPolicy?: string;
  hostNetwork?: boolean;
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: Array<{ name?: string; value?: string }> };
}

export interface DNSConfig {
  nameservers: string[];
  searches: string[];
  options: string[];
}

export const maxDNSNameservers = 3;
export const maxDNSSearchPaths = 32;
export const maxDNSSearchListChars = 2048;

const unique = (xs: string[]) => [...new Set(xs)];

export function podResolvConf(pod: PodDNSInput, clusterDNS: string[], clusterDomain: string, host: DNSConfig): { config: DNSConfig; warnings: string[] } {
  const warnings: string[] = [];
  const policy = pod.dnsPolicy || 'ClusterFirst';
  const podRef = `${pod.name ?? ''}_${pod.namespace}(${pod.uid ?? ''})`;
  let type = policy === 'None' ? 'none' : policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.hostNetwork) ? 'cluster' : 'host';
  if (type === 'cluster' && !clusterDNS.length) {
    warnings.push(`pod: "${podRef}". kubelet does not have ClusterDNS IP configured and cannot create Pod using "${policy}" policy. Falling back to "Default" policy.`);
    type = 'host';
  }
  let config: DNSConfig = type === 'none' ? { nameservers: [], searches: [], options: [] }
    : type === 'host' ? { nameservers: [...host.nameservers], searches: [...host.searches], options: [...host.options] }
      : {
        nameservers: [...clusterDNS],
        searches: clusterDomain ? unique([`${pod.namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...host.searches]) : [...host.searches],
        options: ['ndots:5'],
      };
  if (pod.dnsConfig) {
    config = {
      nameservers: unique([...config.nameservers, ...(pod.dnsConfig.nameservers ?? [])]),
      searches: unique([...config.searches, ...(pod.dnsConfig.searches ?? [])]),
      options: mergeOptions(config.options, pod.dnsConfig.options ?? []),
    };
  }
  return { config: fitLimits(config, warnings), warnings };
}

function mergeOptions(existing: string[], added: Array<{ name?: string; value?: string }>): string[] {
  const byName = new Map<string, string>();
  for (const op of existing) {
    const i = op.indexOf(':');
    byName.set(i < 0 ? op : op.slice(0, i), i < 0 ? '' : op.slice(i + 1));
  }
  for (const op of added) byName.set(op.name ?? '', op.value ?? '');
  return [...byName].map(([k, v]) => (v ? `${k}:${v}` : k));
}

function fitLimits(c: DNSConfig, warnings: string[]): DNSConfig {
  let { nameservers, searches } = c;
  if (nameservers.length > maxDNSNameservers) {
    nameservers = nameservers.slice(0, maxDNSNameservers);
    warnings.push(`Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.join(' ')}`);
  }
  const fitted: string[] = [];
  let chars = -1;
  for (const s of searches) {
    if (fitted.length >= maxDNSSearchPaths || chars + 1 + s.length > maxDNSSearchListChars) break;
    fitted.push(s);
    chars += 1 + s.length;
  }
  if (fitted.length < searches.length) {
    warnings.push(`Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${fitted.join(' ')}`);
    searches = fitted;
  }
  return { nameservers, searches, options: c.options };
}

/** The kubelet's parseResolvConf: nameserver lines, the last search line, options lines. */
export function parseResolvConf(text: string): DNSConfig {
  const out: DNSConfig = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...fields] = line.split(/\s+/);
    if (key === 'nameserver' && fields.length) out.nameservers.push(fields[0]);
    else if (key === 'search') out.searches = fields.map((f) => (f.endsWith('.') && f !== '.' ? f.slice(0, -1) : f));
    else if (key === 'options') out.options.push(...fields);
  }
  return out;
}

export function formatResolvConf(c: DNSConfig): string {
  return (c.searches.length ? `search ${c.searches.join(' ')}\n` : '')
    + c.nameservers.map((n) => `nameserver ${n}\n`).join('')
    + (c.options.length ? `options ${c.options.join(' ')}\n` : '');
}
