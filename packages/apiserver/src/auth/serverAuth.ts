/**
 * What `--tls` turns on besides HTTPS: the token authenticator, with miniplane's admin token
 * (made at first start, kept as `<dataDir>/admin-token` mode 0600, or in memory) and the tokens
 * of `--token-auth-file`, and the checks of the listen address: off loopback, miniplane refuses
 * to serve without TLS and tokens unless anonymous access is asked for explicitly.
 *
 * Contract: `loadAuthentication` reads the files once (a bad token file fails the start with
 * kube's message); the admin user is `miniplane-admin` in `system:masters`, like kubeadm's
 * admin.conf user. `listenRefusal` is pure: the error text, or undefined when the flags are fine.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { TokenAuthenticator } from './authentication.js';
import { parseTokenFile, type UserInfo } from './tokenFile.js';

export const adminUser: UserInfo = { name: 'miniplane-admin', uid: 'miniplane-admin', groups: ['system:masters'] };

export interface AuthenticationOptions {
  /** Keeps `admin-token`; none: a new token in memory. */
  dir?: string;
  tokenAuthFile?: string;
}

export function loadAuthentication(o: AuthenticationOptions): { authenticator: TokenAuthenticator; adminToken: string } {
  const tokens = o.tokenAuthFile ? parseTokenFile(readFileSync(o.tokenAuthFile, 'utf8'), o.tokenAuthFile) : new Map<string, UserInfo>();
  const file = o.dir ? join(o.dir, 'admin-token') : undefined;
  let adminToken = file && existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!adminToken) {
    adminToken = randomBytes(32).toString('base64url');
    if (file) writeFileSync(file, `${adminToken}\n`, { mode: 0o600 });
  }
  tokens.set(adminToken, adminUser);
  return { authenticator: new TokenAuthenticator(tokens), adminToken };
}

/** Is `host` a loopback address or name (only this machine can reach it)? */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

export interface ListenFlags {
  host: string;
  tls?: boolean;
  tokenAuthFile?: string;
  insecureAllowAnonymous?: boolean;
}

export function listenRefusal(f: ListenFlags): string | undefined {
  if (f.tokenAuthFile && !f.tls) return '--token-auth-file needs --tls (bearer tokens are not sent over plain HTTP)';
  if (!f.tls && !f.insecureAllowAnonymous && !isLoopback(f.host)) {
    return `refusing to listen on ${f.host} without --tls: off loopback anyone who can reach it could use it; give --tls (HTTPS and bearer tokens), or --insecure-allow-anonymous to serve plain HTTP to everyone`;
  }
  return undefined;
}
