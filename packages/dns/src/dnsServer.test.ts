/**
 * The DNS server over real UDP and TCP sockets on loopback: replies, malformed input, truncation,
 * TCP framing and its bounds.
 */
import t from 'tap';
import type { Test } from 'tap';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { pino } from 'pino';
import type { DnsQuestion, Reply } from './dnsAnswer.js';
import { startDnsServer, splitHostPort } from './dnsServer.js';

const logger = pino({ level: 'silent' });
function answer(q: DnsQuestion): Reply {
  if (q.name === 'boom.test') throw new Error('boom');
  const n = q.name === 'many.test' ? 40 : 1;
  return { rcode: 'NOERROR', answers: Array.from({ length: n }, (_, i) => ({ name: q.name, type: 'A' as const, ttl: 5, class: 'IN' as const, data: `10.0.0.${i + 1}` })), authorities: [], additionals: [] };
}

async function server(t: Test, o: { tcpIdleTimeoutMs?: number; maxTcpConnections?: number } = {}) {
  const s = await startDnsServer({ listen: '127.0.0.1:0', answer, logger, ...o });
  t.teardown(() => s.close());
  return s;
}

function udp(port: number, msg: Buffer, waitMs = 5000): Promise<Buffer | undefined> {
  const sock = createSocket('udp4');
  return new Promise((resolve) => {
    const timer = setTimeout(() => (sock.close(), resolve(undefined)), waitMs);
    sock.on('message', (m) => (clearTimeout(timer), sock.close(), resolve(m)));
    sock.send(msg, port, '127.0.0.1');
  });
}

const query = (name: string, extra: Partial<dnsPacket.Packet> = {}) =>
  dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }], ...extra });

t.test('a query gets its id, question, AA and RD back, without RA', async (t) => {
  const s = await server(t);
  const r = dnsPacket.decode((await udp(s.port, query('a.test')))!);
  t.match(r, { id: 4242, type: 'response', rcode: 'NOERROR', flag_aa: true, flag_rd: true, flag_ra: false, questions: [{ name: 'a.test', type: 'A' }], answers: [{ data: '10.0.0.1' }] });
});

t.test('malformed input: dropped or FORMERR/NOTIMP/SERVFAIL, and the server keeps answering', async (t) => {
  const s = await server(t);
  t.equal(await udp(s.port, Buffer.from([1, 2, 3, 4, 5]), 300), undefined, 'shorter than a header: dropped');
  const header = Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x61]);
  t.match(dnsPacket.decode((await udp(s.port, header))!), { id: 0x1234, rcode: 'FORMERR', flag_rd: true }, 'undecodable: FORMERR with its id');
  const pointerLoop = Buffer.concat([header.subarray(0, 12), Buffer.from([0xc0, 0x0c, 0, 1, 0, 1])]);
  t.match(dnsPacket.decode((await udp(s.port, pointerLoop))!), { rcode: 'FORMERR' }, 'a compression pointer to itself: FORMERR');
  const response = query('a.test');
  response[2] |= 0x80;
  t.equal(await udp(s.port, response, 300), undefined, 'a response: dropped');
  t.match(dnsPacket.decode((await udp(s.port, dnsPacket.encode({ type: 'query', id: 1, questions: [] })))!), { rcode: 'FORMERR' }, 'no question: FORMERR');
  const two = dnsPacket.encode({ type: 'query', id: 1, questions: [{ type: 'A', name: 'a.test' }, { type: 'A', name: 'b.test' }] });
  t.match(dnsPacket.decode((await udp(s.port, two))!), { rcode: 'FORMERR' }, 'two questions: FORMERR');
  const status = query('a.test');
  status[2] |= 2 << 3;
  t.match(dnsPacket.decode((await udp(s.port, status))!), { rcode: 'NOTIMP' }, 'opcode STATUS: NOTIMP');
  t.match(dnsPacket.decode((await udp(s.port, query('boom.test')))!), { rcode: 'SERVFAIL', answers: [] }, 'a failing answer: SERVFAIL');
  t.match(dnsPacket.decode((await udp(s.port, query('a.test')))!), { rcode: 'NOERROR' }, 'still answering');
});

t.test('UDP replies past the client size are truncated; EDNS raises the size and is echoed', async (t) => {
  const s = await server(t);
  const small = dnsPacket.decode((await udp(s.port, query('many.test')))!);
  t.match(small, { flag_tc: true, answers: [], rcode: 'NOERROR' });
  const opt = { type: 'OPT', name: '.', udpPayloadSize: 4096, flags: 0, options: [] } as unknown as dnsPacket.Answer;
  const big = dnsPacket.decode((await udp(s.port, query('many.test', { additionals: [opt] })))!);
  t.equal(big.flag_tc, false);
  t.equal(big.answers?.length, 40);
  t.match(big.additionals, [{ type: 'OPT', udpPayloadSize: 1232 }]);
});

t.test('TCP: framed queries answered in order on one connection; idle connections closed; connections bounded', async (t) => {
  const s = await server(t, { tcpIdleTimeoutMs: 300, maxTcpConnections: 2 });
  const conn = connect(s.port, '127.0.0.1');
  const replies: dnsPacket.Packet[] = [];
  let buf = Buffer.alloc(0);
  const closed = new Promise<number>((resolve) => conn.on('close', () => resolve(Date.now())));
  conn.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
      replies.push(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      buf = buf.subarray(2 + buf.readUInt16BE(0));
    }
  });
  const frames = [dnsPacket.streamEncode({ type: 'query', id: 1, questions: [{ type: 'A', name: 'many.test' }] }), dnsPacket.streamEncode({ type: 'query', id: 2, questions: [{ type: 'A', name: 'a.test' }] })];
  const both = Buffer.concat(frames);
  conn.write(both.subarray(0, 7));
  setTimeout(() => conn.write(both.subarray(7)), 50);
  const start = Date.now();
  const end = await closed;
  t.same(replies.map((r) => [r.id, r.answers?.length, (r as { flag_tc?: boolean }).flag_tc]), [[1, 40, false], [2, 1, false]], 'split frames reassembled; no truncation over TCP');
  t.ok(end - start >= 300 && end - start < 5000, `closed after idling (${end - start} ms)`);

  const open = [connect(s.port, '127.0.0.1'), connect(s.port, '127.0.0.1')];
  await Promise.all(open.map((c) => new Promise((r) => c.once('connect', r))));
  const third = connect(s.port, '127.0.0.1');
  const thirdClosed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    third.on('close', () => (clearTimeout(timer), resolve(true)));
    third.on('error', () => {});
  });
  t.ok(thirdClosed, 'a connection past the bound is closed');
  for (const c of [...open, third]) c.destroy();
});

t.test('listen addresses', async (t) => {
  t.same(splitHostPort('127.0.0.1:1053'), { host: '127.0.0.1', port: 1053 });
  t.same(splitHostPort('[::1]:53'), { host: '::1', port: 53 });
  for (const bad of ['1053', ':53', '127.0.0.1:', '127.0.0.1:x', '127.0.0.1:70000']) t.throws(() => splitHostPort(bad), /invalid listen address/, bad);
});

t.test('with a generation, a repeated request is answered from the cache until the generation changes', async (t) => {
  let calls = 0;
  let generation = 1;
  const s = await startDnsServer({
    listen: '127.0.0.1:0', logger, generation: () => generation,
    answer: (q) => (calls++, answer(q)),
  });
  t.teardown(() => s.close());
  const opt = { type: 'OPT', name: '.', udpPayloadSize: 4096, flags: 0, options: [] } as unknown as dnsPacket.Answer;
  const ask = async (name: string, id: number) => dnsPacket.decode((await udp(s.port, dnsPacket.encode({ type: 'query', id, questions: [{ type: 'A', name }], additionals: [opt] })))!);
  t.match(await ask('a.test', 1), { id: 1, answers: [{ name: 'a.test' }] });
  t.match(await ask('a.test', 2), { id: 2, answers: [{ name: 'a.test' }] });
  t.equal(calls, 2, 'a reply is kept from the second time its question comes');
  t.match(await ask('a.test', 9), { id: 9, answers: [{ name: 'a.test' }] }, 'a hit carries the asker\'s id');
  t.equal(calls, 2, 'the third from the cache');
  const mixed = await ask('A.tEsT', 3);
  t.match(mixed, { id: 3, questions: [{ name: 'A.tEsT' }], answers: [{ name: 'A.tEsT', data: '10.0.0.1' }] }, 'another spelling: the same entry, the asker\'s case echoed');
  t.equal(calls, 2);
  t.match(await ask('many.test', 4), { answers: { length: 40 } });
  t.match(await ask('many.test', 10), { answers: { length: 40 } });
  t.match(await ask('MANY.test', 5), { answers: Array.from({ length: 40 }, () => ({ name: 'MANY.test' })) }, 'every owner respelled');
  t.equal(calls, 4);
  generation++;
  await ask('a.test', 6);
  t.equal(calls, 5, 'a new generation answers afresh');
  for (const id of [7, 8, 11]) await ask('boom.test', id);
  t.equal(calls, 8, 'SERVFAIL is not cached');
});
