/**
 * Discovery: the server's resource types, fetched with aggregated discovery (two requests:
 * `/api` and `/apis`, falling back to the per-group documents a server without it serves) and
 * cached on disk per server as kubectl caches it: under `<cache-dir>` (`--cache-dir`, else
 * `$KUBECACHEDIR`, else `~/.kube/cache`), valid for 6 hours, refetched once when a type the user
 * typed is not in the cache (a CRD created since).
 *
 * Contract: `resolve(text)` maps what a user types (`svc`, `services`, `service`, `Service`,
 * `deploy.apps`, `deployments.v1.apps`) to one served resource, core group first then the groups
 * in discovery order, as kubectl's RESTMapper prefers; undefined when none matches.
 * Upstream: staging/src/k8s.io/client-go/discovery/cached/disk/cached_discovery.go,
 * staging/src/k8s.io/apimachinery/pkg/api/meta/restmapper.go
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RestClient } from '@miniplane/client/restClient';
import type { Flags } from './flags.js';

export interface ApiResource {
  /** The plural resource name (`services`). */
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  group: string;
  version: string;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: string[];
}

const cacheTtlMs = 6 * 60 * 60 * 1000;
const aggregatedAccept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

export function cacheDirOf(flags: Flags, env: NodeJS.ProcessEnv = process.env): string {
  return flags.string('cache-dir') || env.KUBECACHEDIR || join(homedir(), '.kube', 'cache');
}

function cacheFile(cacheDir: string, server: string): string {
  const u = new URL(server);
  const hostDir = (u.host + u.pathname.replace(/\/$/, '')).replace(/[^A-Za-z0-9.\-_]/g, '_');
  return join(cacheDir, 'kubectl-lite', 'discovery', hostDir, 'resources.json');
}

interface AggregatedResource {
  resource: string;
  singularResource?: string;
  scope: string;
  responseKind?: { kind?: string };
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string }[];
}
interface AggregatedList {
  kind?: string;
  items?: { metadata?: { name?: string }; versions?: { version: string; resources?: AggregatedResource[] }[] }[];
  groups?: { name: string; preferredVersion?: { version: string } }[];
}
interface LegacyResourceList {
  resources?: { name: string; singularName?: string; namespaced: boolean; kind: string; verbs?: string[]; shortNames?: string[]; categories?: string[] }[];
}

function fromAggregated(list: AggregatedList): ApiResource[] {
  const out: ApiResource[] = [];
  for (const g of list.items ?? []) {
    const v = g.versions?.[0];
    if (!v) continue;
    for (const r of v.resources ?? []) {
      out.push({
        name: r.resource, singularName: r.singularResource ?? '', namespaced: r.scope === 'Namespaced', kind: r.responseKind?.kind ?? '',
        group: g.metadata?.name ?? '', version: v.version, verbs: r.verbs ?? [], shortNames: r.shortNames ?? [],
        categories: r.categories ?? [], subresources: (r.subresources ?? []).map((s) => s.subresource),
      });
    }
  }
  return out;
}

async function fromLegacy(client: RestClient, group: string, version: string): Promise<ApiResource[]> {
  const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const list = await client.request<LegacyResourceList>({ method: 'GET', path });
  const out: ApiResource[] = [];
  const subs = new Map<string, string[]>();
  for (const r of list.resources ?? []) {
    const [base, sub] = r.name.split('/');
    if (sub) subs.set(base!, [...(subs.get(base!) ?? []), sub]);
  }
  for (const r of list.resources ?? []) {
    if (r.name.includes('/')) continue;
    out.push({
      name: r.name, singularName: r.singularName || r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, group, version,
      verbs: r.verbs ?? [], shortNames: r.shortNames ?? [], categories: r.categories ?? [], subresources: subs.get(r.name) ?? [],
    });
  }
  return out;
}

/** Fetches every served resource type from the server. */
export async function fetchResources(client: RestClient): Promise<ApiResource[]> {
  const [core, groups] = await Promise.all([
    client.request<AggregatedList>({ method: 'GET', path: '/api', headers: { Accept: aggregatedAccept } }),
    client.request<AggregatedList>({ method: 'GET', path: '/apis', headers: { Accept: aggregatedAccept } }),
  ]);
  const coreList = core.kind === 'APIGroupDiscoveryList' ? fromAggregated(core) : await fromLegacy(client, '', 'v1');
  if (groups.kind === 'APIGroupDiscoveryList') return [...coreList, ...fromAggregated(groups)];
  const rest = await Promise.all((groups.groups ?? []).map((g) => fromLegacy(client, g.name, g.preferredVersion?.version ?? 'v1')));
  return [...coreList, ...rest.flat()];
}

export class Discovery {
  private resources: ApiResource[] | undefined;
  private fresh = false;

  constructor(private readonly client: RestClient, private readonly server: string, private readonly cacheDir: string, private readonly now: () => number = Date.now) {}

  /** Every resource type, from the cache when it is younger than 6 hours. */
  async all(): Promise<ApiResource[]> {
    if (this.resources) return this.resources;
    const file = cacheFile(this.cacheDir, this.server);
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as { fetchedAt: number; resources: ApiResource[] };
      if (this.now() - cached.fetchedAt < cacheTtlMs && Array.isArray(cached.resources)) return (this.resources = cached.resources);
    } catch {
      // no usable cache: fetch
    }
    return this.refresh();
  }

  async refresh(): Promise<ApiResource[]> {
    this.resources = await fetchResources(this.client);
    this.fresh = true;
    const file = cacheFile(this.cacheDir, this.server);
    try {
      mkdirSync(join(file, '..'), { recursive: true, mode: 0o750 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ fetchedAt: this.now(), resources: this.resources }), { mode: 0o660 });
      renameSync(tmp, file);
    } catch {
      // an unwritable cache dir only costs speed, as for kubectl
    }
    return this.resources;
  }

  /** The resource `text` names; a miss in a cached list refetches once. */
  async resolve(text: string): Promise<ApiResource | undefined> {
    const hit = resolveIn(await this.all(), text);
    if (hit || this.fresh) return hit;
    return resolveIn(await this.refresh(), text);
  }

  /** The resource serving `kind` in `apiVersion` (for objects read from files). */
  async forKind(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const find = (list: ApiResource[]) => list.find((r) => r.kind === kind && r.group === group && (r.version === version || !version));
    const hit = find(await this.all());
    if (hit || this.fresh) return hit;
    return find(await this.refresh());
  }
}

/** RESTMapper-style matching of `text` against `list` (pure). */
export function resolveIn(list: readonly ApiResource[], text: string): ApiResource | undefined {
  const lower = text.toLowerCase();
  const names = (r: ApiResource) => [r.name, r.singularName, r.kind.toLowerCase(), ...r.shortNames];
  const direct = list.find((r) => names(r).includes(lower));
  if (direct) return direct;
  // resource.group or resource.version.group
  const dot = lower.indexOf('.');
  if (dot < 0) return undefined;
  const head = lower.slice(0, dot);
  const tail = lower.slice(dot + 1);
  return list.find((r) => names(r).includes(head) && (r.group === tail || `${r.version}.${r.group}` === tail));
}

/** `service`, `deployment.apps`: the prefix kubectl prints in `-o name` and multi-kind tables. */
export function kindPrefix(r: Pick<ApiResource, 'kind' | 'group'>): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** The collection path of `r` (`/api/v1/namespaces/ns/services`); `namespace` undefined: all. */
export function collectionPath(r: ApiResource, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace !== undefined ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.name}` : `${base}/${r.name}`;
}

export function objectPath(r: ApiResource, namespace: string | undefined, name: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
}
