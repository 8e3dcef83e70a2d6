/**
 * planLogLines: the lifecycle lines a simulated container writes to its log, from what the
 * kubelet just wrote to the pod's status. Pure.
 *
 * Contract (one line each, for the container concerned):
 * - it starts running: `Started container NAME (image IMAGE) on node NODE, pod IP IP`
 *   (the image as the runtime reports it);
 * - it turns ready: `Readiness probe succeeded: container is ready`;
 * - it turns unready while not terminating: `Readiness probe failed: annotation
 *   miniplane.dev/ready is "false"` (the only way a simulated probe fails);
 * - the pod starts terminating (once): `Received SIGTERM: stopping within the grace period of Ns`
 *   (`metadata.deletionGracePeriodSeconds`), to every running container;
 * - `exitLines(pod)`: `Exited with code 0` for every container, written when the grace period is over.
 * What was seen is compared with `seen` (what earlier lines told), else with the pod's stored
 * status (a restarted kubelet does not repeat the lines of containers already running). The
 * returned `seen` is to be passed back next time.
 * Upstream: none (what a container prints is its own; the moments are the kubelet's:
 *           pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer, killContainer)
 */
import type { Pod, PodStatus } from '@miniplane/api/pod/types';
import { readyAnnotation } from './podStatusPlan.js';

export interface LogLine {
  container: string;
  text: string;
}

export interface SeenState {
  containers: Record<string, { running: boolean; ready: boolean }>;
  terminating: boolean;
}

export interface LogLinesPlan {
  lines: LogLine[];
  seen: SeenState;
}

function fromStatus(pod: Pod): SeenState {
  const containers: SeenState['containers'] = {};
  for (const s of pod.status?.containerStatuses ?? []) containers[s.name] = { running: !!s.state?.running, ready: !!s.ready };
  return { containers, terminating: false };
}

export function planLogLines(pod: Pod, written: PodStatus, seen: SeenState | undefined): LogLinesPlan {
  const before = seen ?? fromStatus(pod);
  const now: SeenState = { containers: {}, terminating: before.terminating || !!pod.metadata.deletionTimestamp };
  const lines: LogLine[] = [];
  const node = pod.spec.nodeName ?? '';
  for (const s of written.containerStatuses ?? []) {
    const was = before.containers[s.name];
    const running = !!s.state?.running;
    const ready = !!s.ready;
    now.containers[s.name] = { running, ready };
    if (running && !was?.running) lines.push({ container: s.name, text: `Started container ${s.name} (image ${s.image ?? ''}) on node ${node}, pod IP ${written.podIP ?? ''}` });
    if (ready && !was?.ready) lines.push({ container: s.name, text: 'Readiness probe succeeded: container is ready' });
    if (!ready && was?.ready && !pod.metadata.deletionTimestamp) {
      lines.push({ container: s.name, text: `Readiness probe failed: annotation ${readyAnnotation} is "${pod.metadata.annotations?.[readyAnnotation] ?? ''}"` });
    }
  }
  if (now.terminating && !before.terminating) {
    const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    for (const s of written.containerStatuses ?? []) {
      if (s.state?.running) lines.push({ container: s.name, text: `Received SIGTERM: stopping within the grace period of ${grace}s` });
    }
  }
  return { lines, seen: now };
}

/** The last line of each running container, when its grace period is over. */
export function exitLines(pod: Pod): LogLine[] {
  return (pod.status?.containerStatuses ?? []).filter((s) => s.state?.running).map((s) => ({ container: s.name, text: 'Exited with code 0' }));
}
