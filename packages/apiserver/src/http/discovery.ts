/**
 * Discovery documents, built from the scheme's resource rows on every request (so a kind
 * registered at run time shows at once): /api, /apis, /api/v1, /apis/{g}/{v}, and
 * the aggregated v2 documents kubectl asks for first (Accept ...;g=apidiscovery.k8s.io;v=v2;
 * as=APIGroupDiscoveryList).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/discovery/, api/apidiscovery/v2/types.go
 */
import { apiVersionOf, type ResourceInfo, type Scheme } from '@miniplane/api';

export const aggregatedContentType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const p = part.replace(/\s/g, '');
    return p.includes('g=apidiscovery.k8s.io') && p.includes('v=v2') && !p.includes('v=v2beta1') && p.includes('as=APIGroupDiscoveryList');
  });
}

function subVerbs(sub: string): string[] {
  if (sub === 'binding' || sub === 'eviction') return ['create'];
  if (sub === 'finalize') return ['update'];
  return sub === 'status' || sub === 'scale' ? ['get', 'patch', 'update'] : ['get'];
}

/** The kind a subresource speaks: Scale (autoscaling/v1), Binding (v1), Eviction (policy/v1), else the resource's own. */
function subKind(r: ResourceInfo, sub: string): { group: string; version: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  if (sub === 'eviction') return { group: 'policy', version: 'v1', kind: 'Eviction' };
  if (sub === 'binding') return { group: '', version: 'v1', kind: 'Binding' };
  return { group: r.group, version: r.version, kind: r.kind };
}

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupList(scheme: Scheme) {
  const groups = scheme.groupVersions().filter((g) => g.group !== '');
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((g) => {
      const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
      return { name: g.group, versions: [gv], preferredVersion: gv };
    }),
  };
}

/** The APIResourceList of one group/version, or undefined when it is not served. */
export function apiResourceList(scheme: Scheme, group: string, version: string) {
  const rs = scheme.resources().filter((r) => r.group === group && r.version === version);
  if (!rs.length) return undefined;
  const out: Array<Record<string, unknown>> = [];
  for (const r of rs) {
    const main: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
    if (r.shortNames.length) main.shortNames = r.shortNames;
    if (r.categories.length) main.categories = r.categories;
    main.storageVersionHash = hash(`${apiVersionOf(r)}/${r.kind}`);
    out.push(main);
    for (const s of r.subresources) {
      const k = subKind(r, s);
      const sub: Record<string, unknown> = { name: `${r.plural}/${s}`, singularName: '', namespaced: r.namespaced, kind: k.kind, verbs: subVerbs(s) };
      // kube names the group/version of a subresource that speaks another group's kind (Scale, Eviction).
      if (k.group !== r.group) {
        sub.group = k.group;
        sub.version = k.version;
      }
      out.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: out };
}

function discoveryResource(r: ResourceInfo) {
  const d: Record<string, unknown> = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) d.shortNames = r.shortNames;
  if (r.categories.length) d.categories = r.categories;
  if (r.subresources.length) {
    d.subresources = r.subresources.map((s) => ({
      subresource: s,
      responseKind: subKind(r, s),
      verbs: subVerbs(s),
    }));
  }
  return d;
}

/** Aggregated discovery for `/api` (core = true) or `/apis`. */
export function aggregatedDiscovery(scheme: Scheme, core: boolean) {
  const gvs = scheme.groupVersions().filter((g) => (g.group === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: gvs.map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: [
        {
          version: g.version,
          resources: scheme.resources().filter((r) => r.group === g.group && r.version === g.version).map(discoveryResource),
          freshness: 'Current',
        },
      ],
    })),
  };
}

/** A short stable hash like kube's storageVersionHash (base64 of a digest prefix). */
function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return Buffer.from([h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, s.length & 255, 0, 0, 0]).toString('base64').slice(0, 11) + '=';
}
