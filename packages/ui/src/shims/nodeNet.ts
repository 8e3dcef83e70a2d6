/**
 * The one `node:net` function the shared pure modules use (@miniplane/dns's `isIP`), for the
 * browser bundle: build.mjs maps `node:net` here. Same answers as Node's: 4 for a dotted-quad
 * IPv4 address, 6 for an IPv6 address (zone index allowed, an embedded IPv4 tail too), else 0.
 * Parsing is ipaddr.js's (already in @miniplane/api's allocators).
 * Upstream: node lib/internal/net.js (isIPv4, isIPv6)
 */
import ipaddr from 'ipaddr.js';

const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return v4.test(s);
}

export function isIPv6(s: string): boolean {
  if (!s.includes(':')) return false;
  const pct = s.indexOf('%');
  const addr = pct < 0 ? s : s.slice(0, pct);
  if (pct >= 0 && pct === s.length - 1) return false;
  const tail = addr.lastIndexOf(':');
  if (addr.slice(tail + 1).includes('.') && !v4.test(addr.slice(tail + 1))) return false;
  return ipaddr.IPv6.isValid(addr) && /^[0-9a-fA-F:.]+$/.test(addr);
}

export function isIP(s: string): number {
  return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0;
}
