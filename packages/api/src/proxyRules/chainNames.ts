/**
 * kube-proxy's iptables chain names: a prefix plus the first 16 characters of the base32 (RFC
 * 4648, standard alphabet) sha256 of the service port name and the lower-case protocol, and for
 * an endpoint chain also the endpoint's "ip:port". Chain names must stay within iptables' 28
 * characters, hence the truncation.
 *
 * Contract: pure; the same inputs always give the same name, as in every kube-proxy.
 * Upstream: pkg/proxy/iptables/proxier.go (portProtoHash, servicePortChainName,
 * servicePortEndpointChainName, serviceFirewallChainName, serviceExternalChainName,
 * serviceLocalChainName)
 */
import { createHash } from 'node:crypto';

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (only a prefix of it is ever used). */
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

function hash16(text: string): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, 16);
}

/** `protocol` is lower-case ("tcp"), as kube-proxy passes it. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol);
}

export function servicePortChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePortName, protocol)}`;
}

export function serviceLocalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVL-${portProtoHash(servicePortName, protocol)}`;
}

export function serviceExternalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(servicePortName, protocol)}`;
}

export function serviceFirewallChainName(servicePortName: string, protocol: string): string {
  return `KUBE-FW-${portProtoHash(servicePortName, protocol)}`;
}

/** `endpoint` is "ip:port" (IPv6 as "[ip]:port"). */
export function servicePortEndpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(servicePortName + protocol + endpoint)}`;
}
