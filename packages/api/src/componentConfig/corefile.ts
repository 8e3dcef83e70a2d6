/**
 * CoreDNS's configuration as kubeadm publishes it: the ConfigMap `kube-system/coredns`, key
 * `Corefile`, whose `kubernetes` plugin names the zone the cluster's DNS serves.
 *
 * Contract: pure.
 * - `corefileText(domain)` is kubeadm v1.33's Corefile template rendered for that domain (the
 *   `cache` plugin's `disable success|denial <domain>` block included; ends with a newline).
 * - `clusterDomainOfCorefile(text)` reads the domain back from any Corefile: the first zone of the
 *   first `kubernetes` plugin line that is not a reverse zone (`*.in-addr.arpa`, `*.ip6.arpa`, or a
 *   CIDR), or, when that line names no zones, the first of its server block's keys
 *   (`cluster.local:53 {`), as CoreDNS takes them; lower-cased, without scheme, port or trailing dot.
 *   `undefined` when there is no such plugin, no such zone, or the zone is not a DNS subdomain
 *   (the caller keeps its default). One pass over the lines, no recursion; `#` comments ignored;
 *   quoting and `{$ENV}` substitution are not interpreted (kubeadm's text has neither).
 * Upstream: cmd/kubeadm/app/phases/addons/dns/manifests.go (CoreDNSConfigMap),
 *           coredns plugin/kubernetes/setup.go (ParseStanza), plugin/normalize.go (OriginsFromArgsOrServerBlock)
 */
import { isDNS1123Subdomain } from '../validation/names.js';
import type { ConfigMapRef } from './clusterSettings.js';

export const coreDNSConfigMapRef: ConfigMapRef = Object.freeze({ namespace: 'kube-system', name: 'coredns', key: 'Corefile' });

/** kubeadm v1.33's Corefile for `domain` (`kubectl get cm coredns -n kube-system` on a kubeadm cluster). */
export function corefileText(domain: string): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${domain}
       disable denial ${domain}
    }
    loop
    reload
    loadbalance
}
`;
}

/** A zone as CoreDNS normalizes a server block key or plugin argument: no scheme, port or trailing dot. */
function zoneOf(token: string): string {
  const host = token.replace(/^[a-z]+:\/\//i, '').replace(/:\d*$/, '');
  return host.replace(/\.$/, '').toLowerCase();
}

const isReverse = (zone: string) => zone.includes('/') || zone === 'in-addr.arpa' || zone === 'ip6.arpa' || zone.endsWith('.in-addr.arpa') || zone.endsWith('.ip6.arpa');

/** The cluster domain a Corefile's `kubernetes` plugin serves, or undefined (see the header). */
export function clusterDomainOfCorefile(text: string): string | undefined {
  let depth = 0;
  let blockKeys: string[] = [];
  for (const raw of text.split('\n')) {
    const tokens = raw.replace(/#.*$/, '').split(/[\s,]+/).filter(Boolean);
    if (tokens.length === 0) continue;
    if (depth === 0 && tokens.at(-1) === '{') blockKeys = tokens.slice(0, -1);
    else if (depth === 1 && tokens[0] === 'kubernetes') {
      const args = tokens.slice(1, tokens.at(-1) === '{' ? -1 : undefined);
      const zone = (args.length ? args : blockKeys).map(zoneOf).find((z) => z !== '' && !isReverse(z));
      return zone !== undefined && isDNS1123Subdomain(zone).length === 0 ? zone : undefined;
    }
    for (const tok of tokens) {
      if (tok === '{') depth++;
      else if (tok === '}') depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
