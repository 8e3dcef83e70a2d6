/**
 * What the kubelet answers for one container's log request. Pure: the pod as the kubelet knows
 * it, the log's lines and the options in; the error text or the bytes to write out.
 *
 * Contract
 * - `containerLogStatusError(pod, container, previous)`: kube's refusal for a container whose
 *   status holds no log to read (`container "c" in pod "p" is waiting to start: ContainerCreating`,
 *   `previous terminated container "c" in pod "p" not found`, ...), or undefined.
 * - `LogCursor`: the selection kube's ReadLogs makes: the last `tailLines` lines, then those not
 *   before the since time (`sinceTime`, or now - `sinceSeconds`), each written as its text and a
 *   newline, prefixed with its RFC 3339 time (nanosecond form, trailing zeros trimmed) and a
 *   space with `timestamps`; `limitBytes` cuts the output at that many bytes, mid-line if need
 *   be, and then the cursor is `done` (a follow ends there).
 * Upstream: pkg/kubelet/kubelet_pods.go validateContainerLogStatus,
 *           pkg/kubelet/kuberuntime/logs/logs.go (ReadLogs, its LimitedWriter and timestamps)
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { PodLogOptions } from '@miniplane/api/pod/podLogOptions';

export interface LogEntry {
  /** ms since the epoch. */
  time: number;
  text: string;
}

/** Go's time.RFC3339Nano of a UTC time: fraction trimmed of trailing zeros, dropped when zero. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-12-05T02:20:52.120Z
  return iso.replace(/\.(\d*?)0*Z$/, (_, d: string) => (d ? `.${d}Z` : 'Z'));
}

interface StatusView {
  name: string;
  state?: { waiting?: { reason?: string }; running?: unknown; terminated?: { containerID?: string } };
  lastState?: { terminated?: { containerID?: string } };
  containerID?: string;
}

export function containerLogStatusError(pod: Pod, container: string, previous: boolean): string | undefined {
  const name = pod.metadata.name ?? '';
  const lists = [pod.status?.containerStatuses, pod.status?.initContainerStatuses, pod.status?.ephemeralContainerStatuses] as Array<StatusView[] | undefined>;
  const s = lists.map((l) => l?.find((x) => x.name === container)).find((x) => x);
  const where = `container ${JSON.stringify(container)} in pod ${JSON.stringify(name)}`;
  if (!s) return `${where} is not available`;
  const last = s.lastState?.terminated;
  const { waiting, running, terminated } = s.state ?? {};
  if (previous) return last?.containerID ? undefined : `previous terminated ${where} not found`;
  if (running) return undefined;
  if (terminated) return terminated.containerID || last?.containerID ? undefined : `${where} is terminated`;
  if (last) return last.containerID ? undefined : `${where} is terminated`;
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') return `${where} is waiting to start: image can't be pulled`;
    if (waiting.reason === 'ImagePullBackOff') return `${where} is waiting to start: trying and failing to pull image`;
    return `${where} is waiting to start: ${waiting.reason ?? ''}`;
  }
  return `${where} is waiting to start - no logs yet`;
}

/** Writes log entries as the options ask; one per request, across the first read and a follow. */
export class LogCursor {
  private remaining: number;
  private readonly since: number | undefined;

  constructor(private readonly o: PodLogOptions, now: number) {
    this.remaining = o.limitBytes ?? Infinity;
    this.since = o.sinceTime ?? (o.sinceSeconds !== undefined ? now - o.sinceSeconds * 1000 : undefined);
  }

  /** The byte limit is reached: nothing more is written. */
  get done(): boolean {
    return this.remaining <= 0;
  }

  /** The first answer: the tail of `entries`, filtered by time. */
  first(entries: readonly LogEntry[]): Buffer {
    const tail = this.o.tailLines === undefined ? entries : this.o.tailLines === 0 ? [] : entries.slice(-this.o.tailLines);
    return Buffer.concat(tail.map((e) => this.next(e)));
  }

  /** One entry as it is written (empty when filtered out or past the limit). */
  next(e: LogEntry): Buffer {
    if (this.done || (this.since !== undefined && e.time < this.since)) return Buffer.alloc(0);
    const line = Buffer.from(`${this.o.timestamps ? `${rfc3339Nano(e.time)} ` : ''}${e.text}\n`);
    const out = line.length > this.remaining ? line.subarray(0, this.remaining) : line;
    this.remaining -= out.length;
    return out;
  }
}
