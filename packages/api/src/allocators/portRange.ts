/**
 * PortRange: the `--service-node-port-range` value, parsed and printed as kube does.
 *
 * Contract
 * - Accepted forms (after trimming spaces): `min-max` (inclusive), `port` (a range of one) and
 *   `base+offset` (`30000+2767` = 30000-32767). Empty is the empty range (size 0).
 * - Errors are kube's texts, thrown as InvalidRange: a number that does not parse is reported
 *   like Go's strconv.Atoi (`strconv.Atoi: parsing "x": invalid syntax`), then
 *   `the port range cannot be greater than 65535: <v>`, `end port cannot be less than start port: <v>`.
 * - `formatPortRange` prints `base-(base+size-1)`, or '' for the empty range.
 *
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/net/port_range.go
 */
import { InvalidRange } from './errors.js';

export interface PortRange {
  base: number;
  size: number;
}

/** kube's DefaultServiceNodePortRange. */
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

/** Parses a port range flag value. Throws InvalidRange with kube's message. */
export function parsePortRange(value: string): PortRange {
  value = value.trim();
  if (value === '') return { base: 0, size: 0 };
  const hyphen = value.indexOf('-');
  const plus = value.indexOf('+');
  let low: number;
  let high: number;
  if (hyphen < 0 && plus < 0) {
    low = high = atoi(value);
  } else if (plus < 0) {
    low = atoi(value.slice(0, hyphen));
    high = atoi(value.slice(hyphen + 1));
  } else if (hyphen < 0) {
    low = atoi(value.slice(0, plus));
    high = low + atoi(value.slice(plus + 1));
  } else {
    throw new InvalidRange([`unable to parse port range: ${value}`]);
  }
  if (low > 65535 || high > 65535) throw new InvalidRange([`the port range cannot be greater than 65535: ${value}`]);
  if (high < low) throw new InvalidRange([`end port cannot be less than start port: ${value}`]);
  return { base: low, size: 1 + high - low };
}

/** `30000-32767`; '' for an empty range (kube's PortRange.String). */
export function formatPortRange(pr: PortRange): string {
  return pr.size === 0 ? '' : `${pr.base}-${pr.base + pr.size - 1}`;
}

/** True if `port` is an integer inside the range. */
export function portRangeContains(pr: PortRange, port: number): boolean {
  return Number.isInteger(port) && port >= pr.base && port - pr.base < pr.size;
}

/** Go's strconv.Atoi for the values a flag can hold: optional sign, decimal digits. */
function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new InvalidRange([`strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`]);
  const n = Number.parseInt(text, 10);
  if (!Number.isSafeInteger(n)) throw new InvalidRange([`strconv.Atoi: parsing ${goQuote(text)}: value out of range`]);
  return n;
}

/** Go's %q for the printable ASCII a flag value normally holds. */
function goQuote(text: string): string {
  return JSON.stringify(text);
}
