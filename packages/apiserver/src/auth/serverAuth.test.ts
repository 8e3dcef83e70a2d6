import t from 'tap';
import { isLoopback, listenRefusal } from './serverAuth.js';

const hosts: Array<[string, boolean]> = [['127.0.0.1', true], ['127.8.9.10', true], ['::1', true], ['localhost', true], ['0.0.0.0', false], ['::', false], ['10.0.0.5', false], ['example.com', false]];
for (const [host, want] of hosts) t.test(`isLoopback ${host}`, async (t) => void t.equal(isLoopback(host), want));

const flags: Array<{ name: string; f: Parameters<typeof listenRefusal>[0]; refused: boolean }> = [
  { name: 'loopback, plain', f: { host: '127.0.0.1' }, refused: false },
  { name: 'off loopback, plain', f: { host: '0.0.0.0' }, refused: true },
  { name: 'off loopback, tls', f: { host: '0.0.0.0', tls: true }, refused: false },
  { name: 'off loopback, anonymous asked for', f: { host: '0.0.0.0', insecureAllowAnonymous: true }, refused: false },
  { name: 'token file without tls', f: { host: '127.0.0.1', tokenAuthFile: 'x.csv' }, refused: true },
];
for (const c of flags) t.test(c.name, async (t) => void t.equal(listenRefusal(c.f) !== undefined, c.refused));
