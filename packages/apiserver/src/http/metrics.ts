/**
 * Request metrics in Prometheus text format, with kube-apiserver's names and labels:
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
 * answered.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go (MonitorRequest,
 * CanonicalVerb, CleanVerb, cleanVerb, cleanDryRun), endpoints/installer.go (requestScope)
 */
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

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export class RequestMetrics {
  private readonly totals = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();

  observe(l: RequestLabels, code: number, seconds: number): void {
    const k =
      `verb="${esc(l.verb)}",dry_run="${esc(l.dryRun)}",group="${esc(l.group)}",version="${esc(l.version)}",` +
      `resource="${esc(l.resource)}",subresource="${esc(l.subresource)}",scope="${l.scope}",component="apiserver"`;
    const tk = `${k},code="${Math.trunc(code)}"`;
    this.totals.set(tk, (this.totals.get(tk) ?? 0) + 1);
    let h = this.durations.get(k);
    if (!h) this.durations.set(k, (h = { counts: buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < buckets.length; i++) if (seconds <= buckets[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  render(): string {
    const out: string[] = [
      '# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      '# TYPE apiserver_request_total counter',
    ];
    for (const [k, v] of this.totals) out.push(`apiserver_request_total{${k}} ${v}`);
    out.push(
      '# HELP apiserver_request_duration_seconds [STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      '# TYPE apiserver_request_duration_seconds histogram',
    );
    for (const [k, h] of this.durations) {
      buckets.forEach((b, i) => out.push(`apiserver_request_duration_seconds_bucket{${k},le="${b}"} ${h.counts[i]}`));
      out.push(`apiserver_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      out.push(`apiserver_request_duration_seconds_sum{${k}} ${h.sum}`);
      out.push(`apiserver_request_duration_seconds_count{${k}} ${h.count}`);
    }
    return out.join('\n') + '\n';
  }
}
