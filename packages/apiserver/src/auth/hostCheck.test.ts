import t from 'tap';
import { Forbidden } from '@miniplane/api';
import { allowedHosts, hostAllowed, hostRefusal } from './hostCheck.js';

const loopback = allowedHosts({ listenHost: '127.0.0.1', ownName: 'devbox', allowedHosts: ['Dev.Example.Test', '.apps.example.test', '10.0.0.9', '[::1]'] });

const hosts: Array<{ name: string; host: string | undefined; want: boolean }> = [
  { name: 'the listen address', host: '127.0.0.1:8080', want: true },
  { name: 'anywhere in 127.0.0.0/8', host: '127.8.9.10:1', want: true },
  { name: 'IPv6 loopback', host: '[::1]:8080', want: true },
  // An address is never the rebinding's forged name, whichever machine it names.
  { name: 'another IPv4 address', host: '192.0.2.7:8080', want: true },
  { name: 'another IPv6 address', host: '[2001:db8::7]:8080', want: true },
  { name: 'localhost', host: 'localhost:8080', want: true },
  { name: 'localhost, no port', host: 'localhost', want: true },
  // Host names are case-insensitive (RFC 9110 §4.2.3).
  { name: 'LOCALHOST', host: 'LOCALHOST:8080', want: true },
  // The absolute form of the same name.
  { name: 'localhost with the root dot', host: 'localhost.:8080', want: true },
  { name: 'a name under .localhost', host: 'ui.miniplane.localhost:8080', want: true },
  // HTTP/1.0 without Host: no browser sends that.
  { name: 'no Host', host: undefined, want: true },
  { name: 'an empty Host', host: '', want: true },
  { name: 'an allowed name', host: 'dev.example.test:9', want: true },
  { name: 'an allowed name, other case', host: 'DEV.example.TEST', want: true },
  { name: 'a name under a .domain entry', host: 'a.b.apps.example.test:8080', want: true },
  { name: 'a .domain entry\'s own name', host: 'apps.example.test', want: true },
  { name: 'the rebinding name', host: 'evil.example:8080', want: false },
  { name: 'the rebinding name without port', host: 'evil.example', want: false },
  // Names that only look like allowed ones.
  { name: 'localhost as the first label', host: 'localhost.evil.example:8080', want: false },
  { name: 'ending in localhost without the dot', host: 'evillocalhost:8080', want: false },
  { name: 'an address as the first labels', host: '127.0.0.1.evil.example:8080', want: false },
  { name: 'under an exact entry', host: 'x.dev.example.test', want: false },
  { name: 'ending in a .domain entry without the dot', host: 'evilapps.example.test', want: false },
  // The machine's hostname counts only for a wildcard listen.
  { name: 'the own hostname on a loopback listen', host: 'devbox:8080', want: false },
  // Malformed: an unclosed or non-address bracket.
  { name: 'an unclosed bracket', host: '[::1:8080', want: false },
  { name: 'a name in brackets', host: '[evil.example]:8080', want: false },
];
for (const c of hosts) t.test(`hostAllowed: ${c.name}`, async (t) => void t.equal(hostAllowed(c.host, loopback), c.want));

const servers: Array<{ name: string; listenHost: string; host: string; want: boolean }> = [
  { name: 'a wildcard listen answers this machine\'s name', listenHost: '0.0.0.0', host: 'DevBox:8080', want: true },
  { name: 'so does an IPv6 wildcard', listenHost: '::', host: 'devbox', want: true },
  { name: 'a named listen answers its name', listenHost: 'Mini.Example.Test', host: 'mini.example.test:8080', want: true },
  { name: 'a named listen does not answer the machine\'s name', listenHost: 'mini.example.test', host: 'devbox', want: false },
];
for (const c of servers) {
  t.test(`allowedHosts: ${c.name}`, async (t) => void t.equal(hostAllowed(c.host, allowedHosts({ listenHost: c.listenHost, ownName: 'devbox' })), c.want));
}

const badEntries: Array<{ name: string; entry: string }> = [
  { name: 'a port', entry: 'dev.example.test:8080' },
  { name: 'a URL', entry: 'http://dev.example.test' },
  { name: 'a wildcard', entry: '*' },
  { name: 'the root alone (would allow every name)', entry: '.' },
  { name: 'empty (a trailing comma)', entry: '' },
  { name: 'a path', entry: 'dev.example.test/x' },
];
for (const c of badEntries) {
  t.test(`allowedHosts refuses ${c.name}`, async (t) => {
    t.throws(() => allowedHosts({ listenHost: '127.0.0.1', allowedHosts: [c.entry] }), { message: `invalid --allowed-hosts entry ${JSON.stringify(c.entry)}: want a host name (e.g. dev.example.test), or .NAME for it and every name under it, without port` });
  });
}

t.test('hostRefusal: kube\'s Forbidden without a resource, naming the host and the flag', async (t) => {
  t.equal(hostRefusal('localhost:1', loopback), undefined);
  const e = hostRefusal('Evil.Example:8080', loopback);
  t.ok(e instanceof Forbidden);
  t.same(e!.toStatus(), {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'forbidden: Host "Evil.Example:8080" is not allowed: this server runs without authentication, so it answers only IP addresses, localhost and the names it was given (a page of another site could otherwise read it through DNS rebinding); to allow this name, start it with --allowed-hosts evil.example (startMiniplane: allowedHosts), or serve with --tls',
    reason: 'Forbidden', details: {}, code: 403,
  });
});
