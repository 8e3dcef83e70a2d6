/**
 * The Host check of a server without authentication, against DNS rebinding. A web page of
 * evil.example whose name the attacker's DNS re-points at 127.0.0.1 once the page has loaded then
 * reads the API with same-origin requests (`fetch('/api/v1/secrets')`: to the browser it is still
 * evil.example's server, so no CORS rule applies, and WebSockets pass the Origin check too), and
 * every one of them carries `Host: evil.example:PORT`. A tokenless miniplane therefore answers
 * only requests whose Host is one of:
 *  - an IP literal, any (127.0.0.0/8, `[::1]`, the listen address, this machine's addresses): a
 *    rebinding needs a name whose DNS answer changes, never an address;
 *  - `localhost` or a name under `.localhost` (RFC 6761 §6.3: reserved for loopback, resolved so
 *    by browsers and resolvers themselves, delegated to nobody);
 *  - the listen host when it is a name, and this machine's hostname when listening on a wildcard
 *    address (0.0.0.0, ::);
 *  - a name given in `allowedHosts` (`--allowed-hosts`), `.example.test` meaning that name and
 *    every name under it (Vite's and webpack-dev-server's `allowedHosts` form).
 * Names compare case-insensitively, one trailing dot ignored; the port is not compared (the name is
 * what a rebinding forges). A request without Host (HTTP/1.0) passes: browsers always send one,
 * and any other client can send an allowed Host as easily, so refusing it would stop no attack.
 * Anything else gets kube's 403 Forbidden Status, `forbidden: Host "…" is not allowed…`, whatever
 * the path (the API, watches, WebSocket upgrades, /ui, /healthz, /metrics).
 *
 * Contract: `hostRefusal` is pure; `registerHostCheck` adds it to every request of the app as its
 * first hook (the server also applies it to WebSocket upgrades, which never reach the app).
 * The server runs it only without authentication: with `--tls` a page has no token to send, and
 * kube-apiserver, which always authenticates, has no such check.
 * Upstream: none in kube-apiserver; `kubectl proxy --accept-hosts` guards its own tokenless
 * loopback port the same way (staging/src/k8s.io/kubectl/pkg/proxy/proxy_server.go).
 */
import { Forbidden } from '@miniplane/api';
import type { FastifyInstance } from 'fastify';
import { isIP } from 'node:net';

export interface AllowedHosts {
  /** Names allowed exactly (lowercase, no trailing dot). */
  names: ReadonlySet<string>;
  /** Names allowed with every name under them (from `.name` entries). */
  domains: readonly string[];
}

/** Host values seen allowed, kept up to this many (the header is the client's: bounded). */
const acceptedCacheSize = 32;

/**
 * The allowed hosts of a server listening on `listenHost` (its name, when it is one; `ownName`,
 * this machine's hostname, when it is a wildcard address) and of the `allowedHosts` entries.
 * Throws on an entry that is not a host name (a port, a scheme, a path, a wildcard `*`).
 */
export function allowedHosts(o: { listenHost: string; ownName?: string; allowedHosts?: readonly string[] }): AllowedHosts {
  const names = new Set<string>();
  const domains: string[] = [];
  const wildcard = o.listenHost === '0.0.0.0' || o.listenHost === '::';
  if (!isIP(o.listenHost)) names.add(normalName(o.listenHost));
  if (wildcard && o.ownName) names.add(normalName(o.ownName));
  for (const entry of o.allowedHosts ?? []) {
    const name = normalName(entry.trim());
    if (isIP(name.replace(/^\[(.*)\]$/, '$1'))) continue; // always allowed
    if (!hostName.test(name)) throw new Error(`invalid --allowed-hosts entry ${JSON.stringify(entry)}: want a host name (e.g. dev.example.test), or .NAME for it and every name under it, without port`);
    if (name.startsWith('.')) domains.push(name.slice(1));
    else names.add(name);
  }
  return { names, domains };
}

/** A DNS name (letters, digits, `-`, `_`, dot-separated), a leading dot allowed. */
const hostName = /^\.?[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$/;

function normalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}

/** The name of a Host header value: a bracketed IPv6 literal without its brackets, else what precedes `:port`. */
function hostOf(header: string): string {
  if (header.startsWith('[')) {
    const end = header.indexOf(']');
    return end < 0 ? header : header.slice(1, end);
  }
  const colon = header.indexOf(':');
  return normalName(colon < 0 ? header : header.slice(0, colon));
}

/** Whether a request with this Host header may be served (see the header comment). */
export function hostAllowed(header: string | undefined, allowed: AllowedHosts): boolean {
  if (!header) return true;
  const name = hostOf(header.trim().toLowerCase());
  if (isIP(name)) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (allowed.names.has(name)) return true;
  return allowed.domains.some((d) => name === d || name.endsWith(`.${d}`));
}

/** The refusal of a request whose Host is not allowed, or undefined. */
export function hostRefusal(header: string | undefined, allowed: AllowedHosts): Forbidden | undefined {
  if (hostAllowed(header, allowed)) return undefined;
  const name = hostOf(header!.trim().toLowerCase());
  return new Forbidden({ group: '', resource: '' }, '',
    `Host ${JSON.stringify(header)} is not allowed: this server runs without authentication, so it answers only IP addresses, localhost and the names it was given (a page of another site could otherwise read it through DNS rebinding); to allow this name, start it with --allowed-hosts ${name} (startMiniplane: allowedHosts), or serve with --tls`);
}

/** Refuses, before anything else runs, every request of `app` whose Host is not allowed. */
export function registerHostCheck(app: FastifyInstance, allowed: AllowedHosts): void {
  const accepted = new Set<string>();
  app.addHook('onRequest', (req, reply, done) => {
    const host = req.headers.host;
    if (host !== undefined && accepted.has(host)) return done();
    const refused = hostRefusal(host, allowed);
    // An early answer ends the request here (fastify: reply without calling done).
    if (refused) return void reply.code(refused.code).type('application/json').send(refused.toStatus());
    if (host !== undefined && accepted.size < acceptedCacheSize) accepted.add(host);
    done();
  });
}
