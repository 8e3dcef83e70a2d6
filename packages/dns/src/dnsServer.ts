/**
 * dnsServer: DNS over UDP and TCP on one address (the wire format is dns-packet's), answering each
 * query with a given function. Bounded: nothing a client sends can crash it or hold it.
 *
 * Contract
 * - `startDnsServer({ listen: 'HOST:PORT', answer })` binds UDP and TCP on the same port (port 0:
 *   a free one for both) and resolves to the address; `close()` stops both and ends connections.
 * - A datagram shorter than a header, or a response (QR set), is dropped. A packet that does not
 *   decode gets FORMERR with its id, as does a query without exactly one question; an opcode other
 *   than QUERY gets NOTIMP. A failure inside `answer` gets SERVFAIL (logged), never a crash.
 * - Replies copy the id, the question and RD, set AA (except REFUSED) and never RA. A query with
 *   an EDNS OPT record gets one back (payload 1232); a UDP reply larger than the client's size (512
 *   without EDNS, at most 4096) is sent truncated (TC, no records) so the client retries over TCP;
 *   over TCP a reply past 65,535 bytes is truncated likewise (dns-packet does not compress names).
 * - With `generation`, replies are cached per question (any letter case) until the generation
 *   changes (ReplyCache); SERVFAIL is never cached.
 * - TCP: RFC 1035 two-byte length framing, several queries per connection; at most
 *   `maxTcpConnections` (default 256) at once, each closed after `tcpIdleTimeoutMs` (default 10 s)
 *   without a query; a connection that buffers more than one maximal frame without completing it
 *   is closed.
 * Upstream: miekg/dns server.go (as CoreDNS serves), RFC 1035 4.2, RFC 6891 (EDNS0)
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import type { Logger } from 'pino';
import type { DnsQuestion, Reply, Rcode } from './dnsAnswer.js';
import type { DnsMetrics } from './dnsMetrics.js';
import { ReplyCache } from './replyCache.js';

const rcodeNumbers: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };
const ednsPayload = 1232;
const maxUdpReply = 4096;

export interface DnsServerOptions {
  listen: string;
  answer: (q: DnsQuestion) => Reply;
  logger: Logger;
  maxTcpConnections?: number;
  tcpIdleTimeoutMs?: number;
  /** The cluster state's generation: given, replies are cached until it changes (ReplyCache). */
  generation?: () => number;
  /** Counts every reply sent (DnsMetrics); its `server` label is set once bound. */
  metrics?: DnsMetrics;
}

export interface RunningDnsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** The reply bytes for one request, or undefined to drop it; `udp`: the UDP size rule applies (TCP: 64 KiB). */
export function handlePacket(buf: Buffer, answer: DnsServerOptions['answer'], logger: Logger, udp: boolean, cache?: { replies: ReplyCache; generation: number }): Buffer | undefined {
  if (buf.length < 12 || buf[2] & 0x80) return undefined;
  const slot = cache && ReplyCache.slot(buf, udp);
  const hit = slot ? cache.replies.get(slot, cache.generation, buf) : undefined;
  if (hit) return hit;
  const out = computeReply(buf, answer, logger, udp);
  if (slot && (out[3] & 0x0f) !== 2) cache.replies.set(slot, cache.generation, buf, out);
  return out;
}

function computeReply(buf: Buffer, answer: DnsServerOptions['answer'], logger: Logger, udp: boolean): Buffer {
  let query: DecodedPacket;
  try {
    query = dnsPacket.decode(buf);
  } catch {
    return encodeReply({ id: buf.readUInt16BE(0), rd: !!(buf[2] & 1), rcode: 'FORMERR', questions: [] });
  }
  const base = { id: query.id ?? 0, rd: !!query.flag_rd, questions: query.questions ?? [] };
  const opt = (query.additionals ?? []).find((r) => r.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  const edns = opt ? [{ name: '.', type: 'OPT', udpPayloadSize: ednsPayload, flags: 0, options: [] } as unknown as Answer] : [];
  if ((query as { opcode?: string }).opcode !== 'QUERY') return encodeReply({ ...base, rcode: 'NOTIMP', additionals: edns });
  if (base.questions.length !== 1) return encodeReply({ ...base, rcode: 'FORMERR', additionals: edns });
  let reply: Reply;
  try {
    reply = answer(base.questions[0]);
  } catch (err: unknown) {
    logger.error({ err: String(err), question: base.questions[0] }, 'answer failed');
    reply = { rcode: 'SERVFAIL', answers: [], authorities: [], additionals: [] };
  }
  const out = encodeReply({
    id: base.id, rd: base.rd, questions: base.questions, rcode: reply.rcode, answers: reply.answers, authorities: reply.authorities,
    additionals: edns.length ? [...reply.additionals, ...edns] : reply.additionals,
  });
  const limit = !udp ? 65535 : opt ? Math.min(Math.max(opt.udpPayloadSize ?? 512, 512), maxUdpReply) : 512;
  return out.length > limit ? encodeReply({ ...base, rcode: reply.rcode, truncated: true, additionals: edns }) : out;
}

interface ReplyParts {
  id: number;
  rd: boolean;
  rcode: Rcode;
  questions: Packet['questions'];
  answers?: Answer[];
  authorities?: Answer[];
  additionals?: Answer[];
  truncated?: boolean;
}

function encodeReply(r: ReplyParts): Buffer {
  const flags = (r.rcode === 'REFUSED' ? 0 : dnsPacket.AUTHORITATIVE_ANSWER) | (r.rd ? dnsPacket.RECURSION_DESIRED : 0)
    | (r.truncated ? dnsPacket.TRUNCATED_RESPONSE : 0) | rcodeNumbers[r.rcode];
  return dnsPacket.encode({
    type: 'response', id: r.id, flags, questions: r.questions ?? [],
    answers: r.answers ?? [], authorities: r.authorities ?? [], additionals: r.additionals ?? [],
  });
}

export async function startDnsServer(o: DnsServerOptions): Promise<RunningDnsServer> {
  const { host, port } = splitHostPort(o.listen);
  for (let attempt = 0; ; attempt++) {
    const udp = await bindUdp(host, port);
    const udpPort = udp.address().port;
    try {
      const replies = o.generation ? new ReplyCache() : undefined;
      const tcp = await listenTcp(host, udpPort, o, replies);
      serveUdp(udp, o, replies);
      if (o.metrics) o.metrics.server = `dns://${host.includes(':') ? `[${host}]` : host}:${udpPort}`;
      return {
        host, port: udpPort,
        close: async () => {
          await new Promise<void>((r) => udp.close(() => r()));
          await new Promise<void>((r) => tcp.close(() => r()));
        },
      };
    } catch (err: unknown) {
      await new Promise<void>((r) => udp.close(() => r()));
      if (port !== 0 || attempt >= 10 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
}

export function splitHostPort(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  const port = Number(listen.slice(i + 1));
  const host = listen.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  if (i <= 0 || !host || !/^\d+$/.test(listen.slice(i + 1)) || port > 65535) throw new Error(`invalid listen address ${JSON.stringify(listen)} (want HOST:PORT)`);
  return { host, port };
}

function bindUdp(host: string, port: number): Promise<UdpSocket> {
  const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, host, () => {
      sock.off('error', reject);
      resolve(sock);
    });
  });
}

function serveUdp(sock: UdpSocket, o: DnsServerOptions, replies?: ReplyCache): void {
  sock.on('error', (err) => o.logger.warn({ err: String(err) }, 'udp socket error'));
  sock.on('message', (msg, from) => {
    const out = handlePacket(msg, o.answer, o.logger, true, replies && { replies, generation: o.generation!() });
    if (!out) return;
    o.metrics?.count(msg, out, true, from.family === 'IPv6');
    sock.send(out, from.port, from.address); // a failed send is the socket's 'error' event
  });
}

function listenTcp(host: string, port: number, o: DnsServerOptions, replies?: ReplyCache): Promise<Server> {
  const idle = o.tcpIdleTimeoutMs ?? 10_000;
  const server = createServer((conn) => serveTcp(conn, o, idle, replies));
  server.maxConnections = o.maxTcpConnections ?? 256;
  const open = new Set<Socket>();
  server.on('connection', (c) => (open.add(c), c.once('close', () => open.delete(c))));
  server.on('close', () => open.forEach((c) => c.destroy()));
  const closeServer = server.close.bind(server);
  server.close = (cb) => {
    open.forEach((c) => c.destroy());
    return closeServer(cb);
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', (err) => o.logger.warn({ err: String(err) }, 'tcp server error'));
      resolve(server);
    });
  });
}

function serveTcp(conn: Socket, o: DnsServerOptions, idleMs: number, replies?: ReplyCache): void {
  let pending = Buffer.alloc(0);
  conn.setTimeout(idleMs, () => conn.destroy());
  conn.on('error', () => conn.destroy());
  conn.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 2) {
      const size = pending.readUInt16BE(0);
      if (pending.length < 2 + size) break;
      const request = pending.subarray(2, 2 + size);
      const out = handlePacket(request, o.answer, o.logger, false, replies && { replies, generation: o.generation!() });
      pending = pending.subarray(2 + size);
      if (out) {
        o.metrics?.count(request, out, false, conn.remoteFamily === 'IPv6');
        const frame = Buffer.alloc(2 + out.length);
        frame.writeUInt16BE(out.length, 0);
        out.copy(frame, 2);
        conn.write(frame);
      }
    }
    if (pending.length > 2 + 65535) conn.destroy();
  });
}
