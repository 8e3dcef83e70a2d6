/**
 * Address math for the allocators: parse IPs and CIDRs the way Go's net package (as kube uses
 * it) does, and move between an address and an integer.
 *
 * Contract
 * - `parseIP` accepts what kube's ParseIPSloppy accepts for the cases that matter here: dotted
 *   decimal IPv4 (leading zeros read as decimal, as Go ≤1.16 did), any IPv6 text form, and an
 *   IPv4-mapped IPv6 address (`::ffff:10.0.0.1`), which like in Go *is* that IPv4 address.
 *   Zones (`fe80::1%eth0`), octal/hex/short IPv4 forms and anything else give undefined.
 * - `parseCIDR` accepts host bits (`10.0.0.5/24` is the network `10.0.0.0/24`, like
 *   net.ParseCIDR) and canonicalises the text (`fd00:0:0::/108` → `fd00::/108`).
 * - `formatIP` prints Go's net.IP.String(): dotted IPv4, RFC 5952 IPv6.
 * All address math goes through ipaddr.js; integers are bigint so IPv6 is exact.
 *
 * Upstream: k8s.io/utils/net (ParseIPSloppy, ParseCIDRSloppy, RangeSize, BigForIP)
 */
import ipaddr from 'ipaddr.js';

export type IPFamily = 'IPv4' | 'IPv6';

export interface ParsedIP {
  family: IPFamily;
  /** The address as an unsigned integer (32 or 128 bits). */
  value: bigint;
}

export interface ParsedCIDR {
  family: IPFamily;
  /** Network address (host bits cleared) as an unsigned integer. */
  network: bigint;
  prefix: number;
  /** 32 or 128. */
  bits: number;
  /** Canonical text, e.g. `10.96.0.0/12`, `fd00::/108`. */
  text: string;
}

/** 32 or 128. */
export function familyBits(family: IPFamily): number {
  return family === 'IPv4' ? 32 : 128;
}

const IPV4_TEXT = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

/** Parses an IP address; undefined if it is not one. See the header for what is accepted. */
export function parseIP(text: string): ParsedIP | undefined {
  const m = IPV4_TEXT.exec(text);
  if (m) {
    const octets = [m[1], m[2], m[3], m[4]].map((p) => Number.parseInt(p, 10));
    if (octets.some((o) => o > 255)) return undefined;
    return { family: 'IPv4', value: fromIPv4(new ipaddr.IPv4(octets)) };
  }
  const v6 = parseIPv6(text);
  if (v6?.isIPv4MappedAddress()) return { family: 'IPv4', value: fromIPv4(v6.toIPv4Address()) };
  return v6 && { family: 'IPv6', value: fromIPv6(v6) };
}

/** Prints an address of the given family the way Go's net.IP.String() does. */
export function formatIP(family: IPFamily, value: bigint): string {
  if (family === 'IPv4') {
    const n = Number(value);
    return new ipaddr.IPv4([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]).toString();
  }
  const parts = new Array<number>(8);
  for (let i = 7; i >= 0; i--) {
    parts[i] = Number(value & 0xffffn);
    value >>= 16n;
  }
  return new ipaddr.IPv6(parts).toString();
}

function fromIPv4(ip: ipaddr.IPv4): bigint {
  const [a, b, c, d] = ip.octets;
  return BigInt((((a << 24) | (b << 16) | (c << 8) | d) >>> 0));
}

function fromIPv6(ip: ipaddr.IPv6): bigint {
  // Four exact 32-bit words keep the bigint work to a handful of operations.
  const p = ip.parts;
  const word = (i: number) => BigInt(p[i] * 0x10000 + p[i + 1]);
  return (word(0) << 96n) | (word(2) << 64n) | (word(4) << 32n) | word(6);
}

/** Any IPv6 text form without a zone; undefined otherwise. */
function parseIPv6(text: string): ipaddr.IPv6 | undefined {
  if (!text.includes(':') || text.includes('%')) return undefined;
  try {
    return ipaddr.IPv6.parse(text);
  } catch {
    return undefined;
  }
}

/** Parses `addr/prefix`; undefined if it is not a CIDR. See the header for what is accepted. */
export function parseCIDR(text: string): ParsedCIDR | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  const mask = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(mask)) return undefined;
  // Why not parseIP: a CIDR's family is its text's family. `::ffff:10.0.0.0/104` is an IPv6
  // CIDR, while parseIP would fold the bare address to IPv4.
  const family: IPFamily = addr.includes(':') ? 'IPv6' : 'IPv4';
  const ip = family === 'IPv4' ? parseIP(addr) : parseIPv6Only(addr);
  if (!ip || ip.family !== family) return undefined;
  const bits = familyBits(family);
  const prefix = Number.parseInt(mask, 10);
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const network = (ip.value >> hostBits) << hostBits;
  return { family, network, prefix, bits, text: `${formatIP(family, network)}/${prefix}` };
}

function parseIPv6Only(text: string): ParsedIP | undefined {
  const v6 = parseIPv6(text);
  return v6 && { family: 'IPv6', value: fromIPv6(v6) };
}

/** Number of addresses in the CIDR, network and broadcast included (2^(bits-prefix)). */
export function cidrSize(cidr: ParsedCIDR): bigint {
  return 1n << BigInt(cidr.bits - cidr.prefix);
}

/** True if `ip` is inside the CIDR (network and broadcast count as inside). */
export function cidrContains(cidr: ParsedCIDR, ip: ParsedIP): boolean {
  return ip.family === cidr.family && ip.value >= cidr.network && ip.value < cidr.network + cidrSize(cidr);
}

/** True if the two CIDRs share at least one address. */
export function cidrsOverlap(a: ParsedCIDR, b: ParsedCIDR): boolean {
  if (a.family !== b.family) return false;
  return a.network < b.network + cidrSize(b) && b.network < a.network + cidrSize(a);
}
