/**
 * Go's time.ParseDuration for non-negative values, in milliseconds: the flag syntax of
 * `miniplane` (`--repair-interval 3m`) and of kubectl (`--request-timeout 1m30s`, `--timeout 30s`).
 *
 * Contract: pure; `0` alone is allowed without a unit; anything else needs a unit per number
 * (`1m30s`, `1.5s`, `250ms`); bad text throws `time: invalid duration "<text>"` as Go words it.
 * Upstream: go/src/time/format.go (ParseDuration)
 */
const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let at = 0;
  if (text === '0') return 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
    ms += Number(m[1]) * units[m[2]!]!;
    at = re.lastIndex;
  }
  if (at === 0) throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  return ms;
}
