/**
 * DnsMetrics: what CoreDNS's prometheus plugin counts, served as Prometheus text on `/metrics`
 * (CoreDNS's port 9153, the kube-dns Service's `metrics` port).
 *
 * Contract
 * - `count(request, reply, udp, ipv6)` is called once per reply sent; it allocates nothing (the
 *   counts are one Float64Array indexed by zone, type, rcode, proto and family): the UDP path
 *   stays as fast as before.
 * - The exposition (prom-client, loaded on the first scrape) holds
 *   `coredns_dns_requests_total{server,zone,view,proto,family,type}`,
 *   `coredns_dns_responses_total{server,zone,view,rcode,plugin}`,
 *   `coredns_build_info{version,revision,goversion}`, `coredns_panics_total` and
 *   `coredns_plugin_enabled{server,zone,view,name}`, with CoreDNS's label values: server
 *   `dns://HOST:PORT`, zone the served zone with its final dot (`cluster.local.`,
 *   `in-addr.arpa.`, `ip6.arpa.`) or `dropped` for a question in none of them (answered REFUSED)
 *   or with no question to read (FORMERR), view `""`, proto `udp`/`tcp`, family `1` (IPv4) or `2`
 *   (IPv6), type one of CoreDNS's monitored types or `other`, rcode its name, plugin `kubernetes`
 *   for the served zones and `""` for dropped ones.
 * - Not counted: the duration and size histograms and `coredns_dns_do_requests_total`; datagrams
 *   dropped without a reply.
 * Upstream: coredns plugin/metrics (vars/vars.go, vars/report.go, vars/monitor.go), the
 *           prometheus plugin's README
 */
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';

/** The question types CoreDNS reports by name (plugin/metrics/vars/monitor.go); others are `other`. */
const monitoredTypes: Record<number, string> = {
  1: 'A', 28: 'AAAA', 15: 'MX', 6: 'SOA', 5: 'CNAME', 12: 'PTR', 16: 'TXT', 2: 'NS', 33: 'SRV', 43: 'DS', 48: 'DNSKEY', 46: 'RRSIG', 47: 'NSEC', 50: 'NSEC3',
  65: 'HTTPS', 251: 'IXFR', 252: 'AXFR', 255: 'ANY',
};
const typeNumbers = Object.keys(monitoredTypes).map(Number);
const typeSlot = new Uint8Array(256).fill(typeNumbers.length);
typeNumbers.forEach((n, i) => (typeSlot[n] = i));
const typeNames = [...typeNumbers.map((n) => monitoredTypes[n]!), 'other'];
const rcodeNames = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE', 'RCODE11', 'RCODE12', 'RCODE13', 'RCODE14', 'RCODE15'];
const T = typeNames.length;

export class DnsMetrics {
  /** The `server` label: `dns://HOST:PORT` of the DNS listener (set once it is bound). */
  server = 'dns://:53';
  private readonly zones: string[];
  /** Each zone's wire form, lowercase (`\x07cluster\x05local\x00`). */
  private readonly wire: Buffer[];
  /** [zone (the served ones, then dropped)][type][rcode][proto][family]. */
  private readonly counts: Float64Array;

  /** `zones`: the zones served, without the final dot (the cluster domain and the reverse zones). */
  constructor(zones: readonly string[]) {
    this.zones = [...zones.map((z) => `${z.toLowerCase()}.`), 'dropped'];
    this.wire = zones.map((z) => Buffer.concat([...z.toLowerCase().split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]));
    this.counts = new Float64Array(this.zones.length * T * 16 * 4);
  }

  count(request: Buffer, reply: Buffer, udp: boolean, ipv6: boolean): void {
    const rcode = reply[3] & 0x0f;
    let zone = this.zones.length - 1;
    let type = T - 1;
    const end = rcode === 1 || reply.readUInt16BE(4) !== 1 ? -1 : nameEnd(request);
    if (end > 0 && end + 2 <= request.length) {
      const qtype = request.readUInt16BE(end);
      type = qtype < 256 ? typeSlot[qtype]! : T - 1;
      if (rcode !== 5) zone = this.zoneOf(request, end);
    }
    this.counts[(((zone * T + type) * 16 + rcode) * 2 + (udp ? 0 : 1)) * 2 + (ipv6 ? 1 : 0)]++;
  }

  /** The served zone holding the name that ends at `end`, or the dropped slot. */
  private zoneOf(request: Buffer, end: number): number {
    for (let z = 0; z < this.wire.length; z++) {
      const w = this.wire[z]!;
      const start = end - w.length;
      if (start < 12 || !onBoundary(request, start)) continue;
      let same = true;
      for (let i = 0; i < w.length && same; i++) {
        const b = request[start + i]!;
        same = (b >= 0x41 && b <= 0x5a ? b | 0x20 : b) === w[i];
      }
      if (same) return z;
    }
    return this.zones.length - 1;
  }

  /** The Prometheus text exposition. */
  async text(): Promise<{ contentType: string; body: string }> {
    const { Registry, Counter, Gauge } = await import('prom-client');
    const registry = new Registry();
    const server = this.server;
    const view = '';
    const requests = new Counter({ name: 'coredns_dns_requests_total', help: 'Counter of DNS requests made per zone, protocol and family.', labelNames: ['server', 'zone', 'view', 'proto', 'family', 'type'], registers: [registry] });
    const responses = new Counter({ name: 'coredns_dns_responses_total', help: 'Counter of response status codes.', labelNames: ['server', 'zone', 'view', 'rcode', 'plugin'], registers: [registry] });
    new Gauge({ name: 'coredns_build_info', help: 'A metric with a constant \'1\' value labeled by version, revision, and goversion from which CoreDNS was built.', labelNames: ['version', 'revision', 'goversion'], registers: [registry] })
      .set({ version: '1.12.0', revision: 'miniplane', goversion: `node${process.version}` }, 1);
    new Counter({ name: 'coredns_panics_total', help: 'A metrics that counts the number of panics.', registers: [registry] }).inc(0);
    const enabled = new Gauge({ name: 'coredns_plugin_enabled', help: 'A metric that indicates whether a plugin is enabled on per server and zone basis.', labelNames: ['server', 'zone', 'view', 'name'], registers: [registry] });
    for (const zone of this.zones.slice(0, -1)) for (const name of ['kubernetes', 'prometheus']) enabled.set({ server, zone, view, name }, 1);
    const c = this.counts;
    for (let zone = 0; zone < this.zones.length; zone++) {
      for (let type = 0; type < T; type++) {
        for (let rcode = 0; rcode < 16; rcode++) {
          for (let proto = 0; proto < 2; proto++) {
            for (let family = 0; family < 2; family++) {
              const n = c[(((zone * T + type) * 16 + rcode) * 2 + proto) * 2 + family]!;
              if (!n) continue;
              const z = this.zones[zone]!;
              requests.inc({ server, zone: z, view, proto: proto ? 'tcp' : 'udp', family: family ? '2' : '1', type: typeNames[type]! }, n);
              responses.inc({ server, zone: z, view, rcode: rcodeNames[rcode]!, plugin: zone === this.zones.length - 1 ? '' : 'kubernetes' }, n);
            }
          }
        }
      }
    }
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}

/** The offset just past the question name (wire form, uncompressed), or -1. */
function nameEnd(request: Buffer): number {
  let at = 12;
  while (at < request.length) {
    const len = request[at]!;
    if (len === 0) return at + 1;
    if (len > 63) return -1;
    at += len + 1;
  }
  return -1;
}

/** Whether a label of the question name starts at `offset`. */
function onBoundary(request: Buffer, offset: number): boolean {
  let at = 12;
  while (at < offset) at += request[at]! + 1;
  return at === offset;
}

/** Serves `GET /metrics` (anything else: 404) on host:port (0: a free port) until closed. */
export async function startMetricsServer(metrics: DnsMetrics, host: string, port: number, logger: Logger): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    metrics.text().then(({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body), (err: unknown) => {
      logger.warn({ err: String(err) }, 'metrics failed');
      res.writeHead(500).end();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => (server.off('error', reject), resolve()));
  });
  server.on('error', (err) => logger.warn({ err: String(err) }, 'metrics server error'));
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
