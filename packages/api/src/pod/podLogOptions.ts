/**
 * PodLogOptions: the query of `GET .../pods/{name}/log` (and of the kubelet's
 * `/containerLogs/{ns}/{pod}/{container}`), decoded and validated as kube does. Pure.
 *
 * Contract
 * - `parsePodLogOptions(query)` reads `container`, `follow`, `previous`, `timestamps`,
 *   `sinceSeconds`, `sinceTime`, `tailLines`, `limitBytes` (first value of each; others are
 *   ignored, `stream` too: the PodLogsQuerySplitStreams gate is off). Booleans as apimachinery's
 *   query conversion reads them: absent, `0`, `f` or `false` (any case) is false, anything else
 *   true. A number that does not parse as an int64 or a time that is not RFC 3339 throws
 *   BadRequest with Go's message (the apiserver's 400 for undecodable options).
 * - `validatePodLogOptions(name, o)` throws kube's 422 `PodLogOptions "<name>" is invalid`:
 *   tailLines >= 0, limitBytes > 0, sinceSeconds > 0, not both sinceSeconds and sinceTime.
 * - `podLogQuery(o)` is the query the apiserver sends to the kubelet (LogLocation): only the set
 *   options, keys sorted as Go's url.Values.Encode sorts them, sinceTime in whole seconds.
 * Upstream: pkg/apis/core/validation/validation.go ValidatePodLogOptions,
 *           staging/src/k8s.io/apimachinery/pkg/runtime/conversion.go, pkg/registry/core/pod/strategy.go LogLocation
 */
import { BadRequest, Invalid } from '../errors.js';
import { field, type FieldError } from '../fieldError.js';

/**
 * The annotation a simulated kubelet publishes its log endpoint in on its Node (a loopback
 * URL), where the apiserver's `pods/log` proxies to.
 */
export const kubeletEndpointAnnotation = 'miniplane.dev/kubelet-endpoint';

export interface PodLogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  /** ms since the epoch (the query gives whole seconds). */
  sinceTime?: number;
  tailLines?: number;
  limitBytes?: number;
}

/** A query as Fastify or URLSearchParams give it: one value or several per key. */
export type LogQuery = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function bool(v: string | string[] | undefined): boolean {
  const s = first(v);
  if (s === undefined) return false;
  return !(s === '0' || s.toLowerCase() === 'f' || s.toLowerCase() === 'false');
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64), as a number; throws BadRequest with its message. */
function int64(v: string | string[] | undefined): number | undefined {
  const s = first(v);
  if (s === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(s)) throw new BadRequest(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n < int64Min || n > int64Max) throw new BadRequest(`strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(n);
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** metav1.Time's UnmarshalQueryParameter: empty or `null` is unset, else RFC 3339. */
function time(v: string | string[] | undefined): number | undefined {
  const s = first(v);
  if (s === undefined || s === '' || s === 'null') return undefined;
  const ms = rfc3339.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(ms)) throw new BadRequest(`parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(s)} as "2006"`);
  return Math.floor(ms / 1000) * 1000; // metav1.Time keeps whole seconds on the wire
}

export function parsePodLogOptions(q: LogQuery): PodLogOptions {
  const o: PodLogOptions = { follow: bool(q.follow), previous: bool(q.previous), timestamps: bool(q.timestamps) };
  const container = first(q.container);
  if (container) o.container = container;
  const sinceSeconds = int64(q.sinceSeconds);
  if (sinceSeconds !== undefined) o.sinceSeconds = sinceSeconds;
  const sinceTime = time(q.sinceTime);
  if (sinceTime !== undefined) o.sinceTime = sinceTime;
  const tailLines = int64(q.tailLines);
  if (tailLines !== undefined) o.tailLines = tailLines;
  const limitBytes = int64(q.limitBytes);
  if (limitBytes !== undefined) o.limitBytes = limitBytes;
  return o;
}

export function validatePodLogOptions(name: string, o: PodLogOptions): void {
  const errs: FieldError[] = [];
  if (o.tailLines !== undefined && o.tailLines < 0) errs.push(field.invalid('tailLines', o.tailLines, 'must be greater than or equal to 0'));
  if (o.limitBytes !== undefined && o.limitBytes < 1) errs.push(field.invalid('limitBytes', o.limitBytes, 'must be greater than 0'));
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined) {
    errs.push(field.forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  } else if (o.sinceSeconds !== undefined && o.sinceSeconds < 1) {
    errs.push(field.invalid('sinceSeconds', o.sinceSeconds, 'must be greater than 0'));
  }
  if (errs.length) throw new Invalid({ group: '', kind: 'PodLogOptions' }, name, errs);
}

/** RFC 3339 in whole seconds, as Go's time.Format(time.RFC3339) writes a UTC time. */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The kubelet's query for these options (url.Values.Encode: keys sorted). */
export function podLogQuery(o: PodLogOptions): string {
  const p: Array<[string, string]> = [];
  if (o.follow) p.push(['follow', 'true']);
  if (o.limitBytes !== undefined) p.push(['limitBytes', String(o.limitBytes)]);
  if (o.previous) p.push(['previous', 'true']);
  if (o.sinceSeconds !== undefined) p.push(['sinceSeconds', String(o.sinceSeconds)]);
  if (o.sinceTime !== undefined) p.push(['sinceTime', rfc3339Seconds(o.sinceTime)]);
  if (o.tailLines !== undefined) p.push(['tailLines', String(o.tailLines)]);
  if (o.timestamps) p.push(['timestamps', 'true']);
  return p.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}
