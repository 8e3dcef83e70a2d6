/**
 * Request metrics in Prometheus text format (prom-client, one registry per server, with the
 * process and Node.js default metrics), with kube-apiserver's names and labels:
 *   apiserver_request_total{verb,dry_run,group,version,resource,subresource,scope,component,code}
 *   apiserver_request_duration_seconds{verb,dry_run,group,version,resource,subresource,scope,component}
 *   (a histogram with kube's buckets).
 *
 * Contract: the number of series is bounded whatever clients send. No label value is copied
 * from the request: group, version, resource and subresource come from the served resource the
 * request matched (kube records its metrics in the handler of the route it installed, so those
 * labels are always a served resource); a request that matched no served resource or
 * subresource (a 404 for an unknown path, a non-resource path such as /healthz) gets one fixed
 * value, all four empty with an empty scope — kube's not-found handler records no request
 * metric at all, we still count such requests, in one series per verb and code. The verb is
 * kube's reported verb (the method, GET split into GET/LIST/WATCH, PATCH with an apply body
 * reported as APPLY) and anything outside kube's set of valid request methods is `other`;
 * dry_run is "" / "All" / "invalid" as kube's cleanDryRun gives it; the code is the status we
 * answered. Other registries (the in-process controllers') are appended to the scrape. The
 * process and Node.js metrics are collected from the first scrape on (registered then, not at
 * start: prom-client's default metrics cost start-up time), so the GC and event-loop-lag series
 * count from that scrape.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go (MonitorRequest,
 * CanonicalVerb, CleanVerb, cleanVerb, cleanDryRun), endpoints/installer.go (requestScope)
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Query } from './query.js';
import type { RequestInfo } from './requestInfo.js';

const buckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

/** kube's validRequestMethods: any other reported verb becomes `other`. */
const validVerbs = new Set(['APPLY', 'CONNECT', 'CREATE', 'DELETE', 'DELETECOLLECTION', 'GET', 'LIST', 'PATCH', 'POST', 'PROXY', 'PUT', 'UPDATE', 'WATCH', 'WATCHLIST']);

export interface RequestLabels {
  verb: string;
  dryRun: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
}

export interface RequestFacts {
  method: string;
  /** Set only for requests under /api or /apis that parsed. */
  info?: RequestInfo;
  query: Query;
  contentType?: string;
}

function first(q: Query, k: string): string | undefined {
  const v = q[k];
  return Array.isArray(v) ? v[0] : v;
}

/** kube's cleanDryRun: "" when absent, the sorted distinct values when all valid ("All"), else "invalid". */
function cleanDryRun(q: Query): string {
  const v = q.dryRun;
  if (v === undefined) return '';
  const vals = Array.isArray(v) ? v : [v];
  if (vals.some((x) => x !== 'All')) return 'invalid';
  return vals.length ? 'All' : '';
}

/** The served resource and subresource the request matched, or undefined (one fixed label set). */
function served(info: RequestInfo | undefined): { info: RequestInfo; resource: NonNullable<RequestInfo['resource']> } | undefined {
  const res = info?.resource;
  if (!info || !res) return undefined;
  if (info.subresource && !(res.subresources as string[]).includes(info.subresource)) return undefined;
  if (res.namespaced && info.name && !info.namespace) return undefined;
  return { info, resource: res };
}

/** The labels kube's MonitorRequest would record for this request; pure. */
export function requestLabels(r: RequestFacts): RequestLabels {
  const method = r.method.toUpperCase();
  const m = served(r.info);
  // installer.go: a named object or a POST is "resource", a namespaced collection "namespace".
  const scope = !m ? '' : m.info.name || method === 'POST' ? 'resource' : m.resource.namespaced && m.info.namespace ? 'namespace' : 'cluster';
  let verb = method === 'HEAD' ? 'GET' : method;
  if (verb === 'GET' && scope !== 'resource' && scope !== '') verb = 'LIST';
  if (method === 'GET') {
    const w = first(r.query, 'watch');
    if (w !== undefined && w.toLowerCase() !== 'false' && w !== '0') verb = 'WATCH';
  }
  if (method === 'PATCH' && r.contentType === 'application/apply-patch+yaml') verb = 'APPLY';
  // pods/log's LogREST overrides its GET to CONNECT (OverrideMetricsVerb), as a stream
  if (verb === 'GET' && m?.info.subresource === 'log') verb = 'CONNECT';
  if (!validVerbs.has(verb)) verb = 'other';
  return {
    verb,
    dryRun: cleanDryRun(r.query),
    group: m?.resource.group ?? '',
    version: m?.resource.version ?? '',
    resource: m?.resource.plural ?? '',
    subresource: m ? (m.info.subresource ?? '') : '',
    scope,
  };
}

const labelNames = ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'] as const;

export class RequestMetrics {
  readonly registry = new Registry();
  private readonly others: Registry[] = [];
  private readonly total = new Counter({
    name: 'apiserver_request_total',
    help: '[STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    labelNames: [...labelNames, 'code'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: '[STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
    labelNames: [...labelNames],
    buckets,
    registers: [this.registry],
  });

  /** Default metrics not registered yet (they are at the first scrape). */
  private defaultMetricsPending: boolean;

  constructor(o: { defaultMetrics?: boolean } = {}) {
    this.defaultMetricsPending = o.defaultMetrics !== false;
  }

  /** Another registry served on the same /metrics (e.g. the in-process controllers'). */
  add(registry: Registry): void {
    this.others.push(registry);
  }

  observe(l: RequestLabels, code: number, seconds: number): void {
    const labels = {
      verb: l.verb, dry_run: l.dryRun, group: l.group, version: l.version, resource: l.resource, subresource: l.subresource, scope: l.scope, component: 'apiserver',
    };
    this.total.inc({ ...labels, code: String(Math.trunc(code)) });
    this.duration.observe(labels, seconds);
  }

  async render(): Promise<string> {
    if (this.defaultMetricsPending) {
      this.defaultMetricsPending = false;
      collectDefaultMetrics({ register: this.registry });
    }
    const parts = await Promise.all([this.registry, ...this.others].map((r) => r.metrics()));
    return parts.join('\n');
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
