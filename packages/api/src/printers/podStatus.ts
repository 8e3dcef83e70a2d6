/**
 * The READY, STATUS and RESTARTS cells of a pod row, computed like kube-apiserver's printPod.
 *
 * Contract: pure. Given a pod, returns `ready` (`ready/total`, total counting restartable
 * "sidecar" init containers), `reason` (the STATUS cell) and `restarts` (`5` or
 * `5 (3m ago)` when a container has a last termination time).
 * STATUS precedence, later rules overriding earlier ones:
 *   phase → status.reason → SchedulingGated condition → first blocking init container
 *   (`Init:N/M`, `Init:<reason>`, `Init:ExitCode:N`, `Init:Signal:N`) → once initialised, the
 *   lowest-index container with a waiting/terminated reason (`ContainerCreating`,
 *   `CrashLoopBackOff`, `Completed`, `ExitCode:N`, …; `Completed` with a container still running
 *   becomes `Running`/`NotReady`) → deletion: `Unknown` for NodeLost, else `Terminating` unless
 *   the phase is terminal.
 * Upstream: pkg/printers/internalversion/printers.go (printPod)
 */
import { parseTimestamp, translateTimestampSince } from './age.js';

interface ContainerState {
  waiting?: { reason?: string } | null;
  running?: { startedAt?: string } | null;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string } | null;
}

export interface ContainerStatusView {
  name: string;
  ready?: boolean;
  started?: boolean | null;
  restartCount?: number;
  state?: ContainerState | null;
  lastState?: ContainerState | null;
}

export interface PodConditionView {
  type: string;
  status: string;
  reason?: string;
}

export interface PodStatusView {
  phase?: string;
  reason?: string;
  conditions?: PodConditionView[] | null;
  initContainerStatuses?: ContainerStatusView[] | null;
  containerStatuses?: ContainerStatusView[] | null;
}

export interface PodSpecView {
  containers?: Array<{ name: string }> | null;
  initContainers?: Array<{ name: string; restartPolicy?: string }> | null;
}

export interface PodSummary {
  ready: string;
  reason: string;
  restarts: string;
}

/** Running restart tally: count plus the latest lastState.terminated.finishedAt seen. */
class Restarts {
  count = 0;
  last: number | undefined;
  lastText: string | undefined;

  add(c: ContainerStatusView): void {
    this.count += c.restartCount ?? 0;
    const finishedAt = c.lastState?.terminated?.finishedAt;
    const at = parseTimestamp(finishedAt);
    if (at !== undefined && (this.last === undefined || this.last < at)) {
      this.last = at;
      this.lastText = finishedAt;
    }
  }

  format(now: Date): string {
    if (this.count === 0 || this.lastText === undefined) return String(this.count);
    return `${this.count} (${translateTimestampSince(this.lastText, now)} ago)`;
  }
}

function hasCondition(status: PodStatusView, type: string): boolean {
  return (status.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** The STATUS text for a terminated container without a reason. */
function exitText(t: NonNullable<ContainerState['terminated']>, prefix: string): string {
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

export function summarizePod(
  spec: PodSpecView,
  status: PodStatusView,
  deleting: boolean,
  now: Date,
): PodSummary {
  const sidecars = new Set(
    (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const total = (spec.containers ?? []).length + sidecars.size;
  let ready = 0;
  let reason = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  const all = new Restarts();
  const sidecarRestarts = new Restarts();
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  const initCount = (spec.initContainers ?? []).length;
  for (const [i, c] of initStatuses.entries()) {
    all.add(c);
    const isSidecar = sidecars.has(c.name);
    if (isSidecar) sidecarRestarts.add(c);
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) {
      reason = terminated.reason ? `Init:${terminated.reason}` : exitText(terminated, 'Init:');
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  let restarts = all;
  if (!initializing || hasCondition(status, 'Initialized')) {
    // Once initialised, only sidecar restarts count among init containers.
    restarts = sidecarRestarts;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts.add(c);
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = exitText(terminated, '');
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(status, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  return { ready: `${ready}/${total}`, reason, restarts: restarts.format(now) };
}
