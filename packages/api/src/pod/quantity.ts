/**
 * parseQuantity: a Kubernetes resource.Quantity string as a number (`100m` → 0.1, `1Gi` →
 * 1073741824, `1e3` → 1000). Pure.
 *
 * Contract: sign, digits with an optional fraction, then one of the binary suffixes (Ki Mi Gi Ti
 * Pi Ei), decimal SI suffixes (n u m k M G T P E) or a decimal exponent (e/E and an integer);
 * anything else returns undefined. Values beyond 2^53 lose precision (scheduling sums stay far below).
 * Upstream: staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go (ParseQuantity)
 */
const suffixes: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function parseQuantity(text: string | number | undefined): number | undefined {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return undefined;
  const m = /^([+-]?)(\d+\.?\d*|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[2]) * (m[3] ? 10 ** Number(m[3].slice(1)) : suffixes[m[4] ?? '']!);
  return m[1] === '-' ? -n : n;
}
