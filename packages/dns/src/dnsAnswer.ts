/**
 * dnsAnswer: the reply to one DNS question from the cluster's state — the pure answer module of
 * the DNS component (CoreDNS's kubernetes plugin with `pods insecure` and no `fallthrough`).
 *
 * Contract: `answerQuestion(view, question, o)` returns the rcode and the answer, authority and
 * additional sections:
 * - a name outside the cluster zone and the reverse zones: REFUSED, nothing else (no recursion);
 * - a class other than IN: REFUSED;
 * - a name that does not exist: NXDOMAIN with the zone's SOA in the authority section;
 * - a name that exists without a record of the asked type: NOERROR, no answer, the SOA (NODATA);
 * - otherwise the records of that type (ANY: all of them). A CNAME answers every type; its target
 *   is followed inside the cluster zone (at most 8 links, loops stopped), never outside it;
 * - SRV and NS answers carry their targets' A/AAAA records in the additional section.
 * Names compare case-insensitively; answers use the name as asked. TTL `o.ttl` (CoreDNS's 5 s).
 * Upstream: coredns plugin/kubernetes/handler.go (ServeDNS), plugin/backend_lookup.go
 */
import type { Answer, RecordType } from 'dns-packet';
import type { DnsView } from './dnsView.js';
import { parseName } from './dnsName.js';
import { recordsAt, soaRecord, type RecordOptions } from './dnsRecords.js';

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

export interface Reply {
  rcode: Rcode;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

export interface DnsQuestion {
  name: string;
  type: RecordType | string;
  class?: string;
}

export const defaultTTL = 5;
export const defaultClusterDomain = 'cluster.local';
const maxCnameChain = 8;

export function answerQuestion(v: DnsView, q: DnsQuestion, o: Partial<RecordOptions> = {}): Reply {
  const opts: RecordOptions = { zone: withoutDot((o.zone ?? defaultClusterDomain).toLowerCase()), ttl: o.ttl ?? defaultTTL };
  const name = withoutDot(q.name);
  const parsed = parseName(name.toLowerCase(), opts.zone);
  if (parsed.kind === 'outside' || (q.class && q.class !== 'IN')) return { rcode: 'REFUSED', answers: [], authorities: [], additionals: [] };
  const at = recordsAt(v, parsed, name, q.type === 'CNAME' ? opts : { ...opts, only: q.type });
  const negative = (rcode: Rcode): Reply => ({ rcode, answers: [], authorities: [soaRecord(v, parsed.zone, opts.ttl)], additionals: [] });
  if (!at.exists) return negative('NXDOMAIN');
  const answers = ofType(at.records, q.type);
  let extra = at.extra;
  if (!answers.length && q.type !== 'CNAME') {
    const seen = new Set([name.toLowerCase()]);
    let cname = at.records.find((r) => r.type === 'CNAME');
    while (cname && seen.size <= maxCnameChain) {
      answers.push(cname);
      const link = (cname as { data: string }).data;
      const target = link.toLowerCase();
      const next = parseName(target, opts.zone);
      if (seen.has(target) || next.kind === 'outside' || next.kind === 'reverse') break;
      seen.add(target);
      const there = recordsAt(v, next, link, opts);
      const found = ofType(there.records, q.type);
      answers.push(...found);
      extra = there.extra;
      cname = found.length ? undefined : there.records.find((r) => r.type === 'CNAME');
    }
  }
  if (!answers.length) return negative('NOERROR');
  const wantsExtra = answers.some((r) => r.type === 'SRV' || r.type === 'NS');
  return { rcode: 'NOERROR', answers, authorities: [], additionals: wantsExtra ? unique(extra) : [] };
}

/** The name without its final dot (a plain check: a regex replace per query showed in the profile). */
function withoutDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function ofType(records: Answer[], type: string): Answer[] {
  return type === 'ANY' ? [...records] : records.filter((r) => r.type === type);
}

function unique(records: Answer[]): Answer[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.name.toLowerCase()} ${r.type} ${JSON.stringify((r as { data?: unknown }).data)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
