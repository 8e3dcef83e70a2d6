/**
 * Human ages for table cells, exactly as kube-apiserver prints them.
 *
 * Contract: pure; the clock is the injected `now`. `humanDuration` keeps the ~2-3 significant
 * figures of apimachinery (`85s`, `3m5s`, `12m`, `3h4m`, `47h`, `5d3h`, `400d`, `2y3d`, `9y`);
 * a duration below -1s is `<invalid>` and one in (-2s, 0) is `0s` (tolerated clock skew).
 * A missing or unparsable timestamp is `<unknown>`, like a zero metav1.Time.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go (HumanDuration),
 * pkg/printers/internalversion/printers.go (translateTimestampSince).
 */
import { metaTime } from '../metaTime.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(x) for a float: truncation toward zero. */
function int(x: number): number {
  return Math.trunc(x);
}

/** duration.HumanDuration for a duration given in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = int(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;

  const minutes = int(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;

  const hours = int(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${int(hours / 24)}d` : `${int(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${int(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = int(hours / 24) % 365;
    const years = int(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${int(hours / 24 / 365)}y`;
}

/** Milliseconds since the epoch, or undefined for a missing or unparsable timestamp. */
export function parseTimestamp(ts: string | null | undefined): number | undefined {
  if (ts === undefined || ts === null || ts === '') return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * translateTimestampSince: the age of `ts` at `now`, `<unknown>` when unset.
 * Also serves MicroTime values (event times): Date.parse keeps millisecond precision, which is
 * all a human duration can show.
 */
export function translateTimestampSince(ts: string | null | undefined, now: Date): string {
  const at = parseTimestamp(ts);
  if (at === undefined) return '<unknown>';
  return humanDuration(now.getTime() - at);
}

/**
 * Go's `t.UTC().Format(time.RFC3339)`: second precision, `Z` suffix. A missing timestamp is the
 * zero time, `0001-01-01T00:00:00Z`, as the default table convertor prints it.
 */
export function formatRFC3339(ts: string | null | undefined): string {
  const at = parseTimestamp(ts);
  if (at === undefined) return '0001-01-01T00:00:00Z';
  return metaTime(at);
}
