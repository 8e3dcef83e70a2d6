/**
 * The `-m statistic --mode random --probability` values of a KUBE-SVC chain. kube-proxy writes
 * 1/n with ten decimals (`%0.10f`); the kernel keeps it as a 31-bit fraction, so `iptables-save`
 * prints the value it read back with eleven decimals (1/3 is written 0.3333333333 and saved as
 * 0.33333333349).
 *
 * Contract: pure; n >= 1.
 * Upstream: pkg/proxy/iptables/proxier.go (computeProbability),
 * iptables extensions/libxt_statistic.c (parse: lround(0x80000000 * p); print: %.11f)
 */

/** kube-proxy's text for 1/n, as it writes it to iptables-restore. */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}

/** The text iptables-save prints for a probability written as `written`. */
export function savedProbability(written: string): string {
  const fraction = Math.round(0x80000000 * Number(written));
  return (fraction / 0x80000000).toFixed(11);
}
