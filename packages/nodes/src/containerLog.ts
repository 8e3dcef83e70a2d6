/**
 * ContainerLogs: the logs of the simulated containers of one nodes component, in memory, as
 * the container runtime keeps them in files for the kubelet to serve.
 *
 * Contract
 * - One log per pod uid and container name. `append` adds a line stamped with the clock's time;
 *   a line longer than `maxLineBytes` (16 KiB, the CRI's split size) is cut there.
 * - Bounded like kubelet's log rotation: a log keeps its last `maxLines` lines and at most
 *   `maxBytes` of text (defaults 5,000 and 1 MiB); older lines go first.
 * - `follow(uid, container, onEntry, onEnd)` hears every later line until the container stops
 *   (`stopPod`: its process exited), its pod is dropped (`dropPod`: the pod object is gone, and
 *   its logs with it), or the returned function is called. A stopped log takes no more lines.
 * Upstream: pkg/kubelet/logs/container_log_manager.go (rotation), pkg/kubelet/kuberuntime/logs
 */
import type { Clock } from '@miniplane/client';
import type { LogEntry } from './containerLogRead.js';

export interface LogLimits {
  maxLines: number;
  maxBytes: number;
  maxLineBytes: number;
}

export const defaultLogLimits: LogLimits = { maxLines: 5000, maxBytes: 1 << 20, maxLineBytes: 16 << 10 };

interface Follower {
  onEntry(e: LogEntry): void;
  onEnd(): void;
}

class ContainerLog {
  private entries: LogEntry[] = [];
  private head = 0;
  private bytes = 0;
  stopped = false;
  readonly followers = new Set<Follower>();

  constructor(private readonly limits: LogLimits) {}

  append(e: LogEntry): void {
    if (this.stopped) return;
    this.entries.push(e);
    this.bytes += e.text.length;
    while (this.entries.length - this.head > this.limits.maxLines || this.bytes > this.limits.maxBytes) {
      this.bytes -= this.entries[this.head]!.text.length;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    for (const f of this.followers) f.onEntry(e);
  }

  lines(): LogEntry[] {
    return this.entries.slice(this.head);
  }

  stop(): void {
    this.stopped = true;
    for (const f of this.followers) f.onEnd();
    this.followers.clear();
  }
}

export interface ContainerLogsOptions {
  clock: Clock;
  limits?: Partial<LogLimits>;
}

export class ContainerLogs {
  private readonly pods = new Map<string, Map<string, ContainerLog>>();
  private readonly limits: LogLimits;

  constructor(private readonly o: ContainerLogsOptions) {
    this.limits = { ...defaultLogLimits, ...o.limits };
  }

  private log(uid: string, container: string): ContainerLog {
    let pod = this.pods.get(uid);
    if (!pod) this.pods.set(uid, (pod = new Map()));
    let log = pod.get(container);
    if (!log) pod.set(container, (log = new ContainerLog(this.limits)));
    return log;
  }

  append(uid: string, container: string, text: string): void {
    const cut = text.length > this.limits.maxLineBytes ? text.slice(0, this.limits.maxLineBytes) : text;
    this.log(uid, container).append({ time: this.o.clock.now(), text: cut });
  }

  /** The lines kept now (empty for a log never written). */
  lines(uid: string, container: string): LogEntry[] {
    return this.pods.get(uid)?.get(container)?.lines() ?? [];
  }

  /** Whether the container stopped (its log takes no more lines; a follow ends at once). */
  stopped(uid: string, container: string): boolean {
    return this.pods.get(uid)?.get(container)?.stopped ?? false;
  }

  follow(uid: string, container: string, onEntry: (e: LogEntry) => void, onEnd: () => void): () => void {
    const log = this.log(uid, container);
    if (log.stopped) {
      onEnd();
      return () => {};
    }
    const f: Follower = { onEntry, onEnd };
    log.followers.add(f);
    return () => log.followers.delete(f);
  }

  /** The pod's containers exited: follows end, the lines stay until `dropPod`. */
  stopPod(uid: string): void {
    for (const log of this.pods.get(uid)?.values() ?? []) log.stop();
  }

  dropPod(uid: string): void {
    this.stopPod(uid);
    this.pods.delete(uid);
  }

  /** How many pods have logs (for tests and metrics). */
  get podCount(): number {
    return this.pods.size;
  }
}
