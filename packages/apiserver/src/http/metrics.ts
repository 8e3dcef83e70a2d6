/**
 * Request metrics in Prometheus text format: apiserver_request_total{verb,resource,code} and
 * apiserver_request_duration_seconds{verb,resource} (a histogram with kube's buckets).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go
 */
const buckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

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

  observe(verb: string, resource: string, code: number, seconds: number): void {
    const k = `verb="${esc(verb)}",resource="${esc(resource)}"`;
    const tk = `${k},code="${code}"`;
    this.totals.set(tk, (this.totals.get(tk) ?? 0) + 1);
    let h = this.durations.get(k);
    if (!h) this.durations.set(k, (h = { counts: buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < buckets.length; i++) if (seconds <= buckets[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  render(): string {
    const out: string[] = [
      '# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, resource and HTTP response code.',
      '# TYPE apiserver_request_total counter',
    ];
    for (const [k, v] of this.totals) out.push(`apiserver_request_total{${k}} ${v}`);
    out.push(
      '# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb and resource.',
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
