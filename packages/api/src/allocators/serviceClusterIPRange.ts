/**
 * The `--service-cluster-ip-range` flag: parse and validate it as kube-apiserver does.
 *
 * Contract
 * - Empty means the default `10.0.0.0/24`.
 * - Otherwise one CIDR, or two comma-separated CIDRs of different families (dual-stack), with
 *   at most 20 host bits each: IPv4 /12 or longer, IPv6 /108 or longer. The primary must hold at
 *   least 8 addresses. Entries are not trimmed (`a, b` is invalid, as in kube).
 * - `validateServiceClusterIPRange` returns kube's messages, in kube's order (Complete()'s parse
 *   errors stop early, as there; Validate()'s checks are all collected). `parseServiceClusterIPRange`
 *   returns the canonical CIDRs, or throws InvalidRange carrying those messages.
 *
 * Upstream: cmd/kube-apiserver/app/options/validation.go (validateClusterIPFlags) and
 * completion.go (getServiceIPAndRanges → ServiceIPRange)
 */
import { cidrSize, parseCIDR, type ParsedCIDR } from './cidr.js';
import { InvalidRange } from './errors.js';

/** kube's DefaultServiceIPCIDR, used when the flag is empty. */
export const DEFAULT_SERVICE_CLUSTER_IP_RANGE = '10.0.0.0/24';

/** Most host bits a service CIDR may have in bitmap mode. */
const MAX_CIDR_BITS = 20;

/** Canonical CIDRs of a valid flag value, primary first. Throws InvalidRange otherwise. */
export function parseServiceClusterIPRange(value: string): string[] {
  const result = checkServiceClusterIPRange(value);
  if (result.errors.length > 0) throw new InvalidRange(result.errors);
  return result.cidrs;
}

/** kube's error messages for a flag value; empty when it is valid. */
export function validateServiceClusterIPRange(value: string): string[] {
  return checkServiceClusterIPRange(value).errors;
}

function checkServiceClusterIPRange(value: string): { cidrs: string[]; errors: string[] } {
  const entries = value === '' ? [DEFAULT_SERVICE_CLUSTER_IP_RANGE] : value.split(',');

  // Complete(): parse errors end the check at once.
  const primary = parseCIDR(entries[0]);
  if (!primary) return { cidrs: [], errors: ['service-cluster-ip-range[0] is not a valid cidr'] };
  const primarySize = cidrSize(primary);
  if ((primarySize > 65536n ? 65536n : primarySize) < 8n) {
    return {
      cidrs: [],
      errors: ['error determining service IP ranges for primary service cidr: the service cluster IP range must be at least 8 IP addresses'],
    };
  }
  let secondary: ParsedCIDR | undefined;
  if (entries.length > 1) {
    secondary = parseCIDR(entries[1]);
    if (!secondary) return { cidrs: [], errors: ['service-cluster-ip-range[1] is not an ip net'] };
  }

  // Validate(): every problem is reported.
  const errors: string[] = [];
  if (entries.length > 2) errors.push('--service-cluster-ip-range must not contain more than two entries');
  const tooLarge = maxCIDRRangeError(primary, '--service-cluster-ip-range');
  if (tooLarge) errors.push(tooLarge);
  if (secondary) {
    if (secondary.family === primary.family) {
      errors.push('--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family');
    }
    const secondaryTooLarge = maxCIDRRangeError(secondary, '--service-cluster-ip-range[1]');
    if (secondaryTooLarge) errors.push(secondaryTooLarge);
  }
  const cidrs = secondary ? [primary.text, secondary.text] : [primary.text];
  return { cidrs: errors.length > 0 ? [] : cidrs, errors };
}

function maxCIDRRangeError(cidr: ParsedCIDR, flag: string): string | undefined {
  if (cidr.bits - cidr.prefix <= MAX_CIDR_BITS) return undefined;
  return `specified ${flag} is too large; for ${cidr.bits}-bit addresses, the mask must be >= ${cidr.bits - MAX_CIDR_BITS}`;
}
