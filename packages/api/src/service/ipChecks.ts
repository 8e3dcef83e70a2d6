/**
 * Address checks used by Service (and Endpoints) validation: CIDR syntax and the special
 * addresses that may not be used as external IPs or endpoints.
 *
 * Contract: pure; messages are kube's, in kube's order.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go (IsValidCIDR),
 * pkg/apis/core/validation/validation.go (ValidateNonSpecialIP), Go's net.IP predicates
 */
import { cidrContains, parseCIDR, parseIP, type ParsedCIDR } from '../allocators/cidr.js';
import { field, type FieldError } from '../fieldError.js';

export function isValidCIDR(path: string, value: string): FieldError[] {
  return parseCIDR(value) ? [] : [field.invalid(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/**
 * miniplane's one deviation, for `up --dataplane` only: loopback addresses inside these CIDRs are
 * accepted (as endpoints: the cluster CIDR, where the simulated pods get their IPs; as external
 * IPs: the configured external IP range).
 */
export interface SpecialIPOptions {
  loopbackAllowed?: readonly ParsedCIDR[];
}

/**
 * Why an IP may not serve as an external IP or endpoint: unspecified, loopback, link-local
 * unicast or link-local multicast (in Go's sense; an IPv4-mapped IPv6 address is IPv4).
 * Empty for an ordinary address; ['must be a valid IP address'] if it does not parse.
 */
export function specialIPErrors(text: string, o: SpecialIPOptions = {}): string[] {
  const ip = parseIP(text);
  if (!ip) return ['must be a valid IP address'];
  const v = ip.value;
  const errs: string[] = [];
  if (ip.family === 'IPv4') {
    if (v === 0n) errs.push(`may not be unspecified (${text})`);
    if (v >> 24n === 127n && !o.loopbackAllowed?.some((c) => cidrContains(c, ip))) errs.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
    if (v >> 16n === 0xa9fen) errs.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
    if (v >> 8n === 0xe00000n) errs.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
    return errs;
  }
  if (v === 0n) errs.push(`may not be unspecified (${text})`);
  if (v === 1n) errs.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  if (v >> 118n === 0x3fan) errs.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  // Go: first byte 0xff and the scope nibble 2, whatever the flags nibble.
  if (v >> 120n === 0xffn && ((v >> 112n) & 0xfn) === 2n) errs.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  return errs;
}
