/**
 * planPod: what a simulated kubelet does next for one pod bound to its node. Pure: the caller
 * gives the pod, its node, the pod IP it holds (if any), the time and what it has already
 * reported; the plan says which status to write, which Events to send, when to look again and
 * when to delete a terminating pod.
 *
 * Contract
 * - With a pod IP: phase Running, startTime (kept once set), hostIP(s), podIP(s), one running
 *   containerStatus per container (startedAt kept, started, restartCount 0, image normalised as
 *   the runtime reports it, imageID and containerID placeholders stable per pod and container),
 *   sorted by name as the kubelet sorts them; the five conditions in the kubelet's order
 *   (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled), transition
 *   times kept while a status is unchanged. Containers that just started get Pulled, Created
 *   and Started Events.
 * - Readiness of a container: started at least max(`podReadyDelayMs`, its readinessProbe's
 *   initialDelaySeconds) ago, and the pod's `miniplane.dev/ready` annotation is not "false"
 *   (then Ready/ContainersReady False "ContainersNotReady" and one `Unhealthy` Event per
 *   transition to failing). `requeueAt` is the next time readiness changes by itself.
 * - Without a pod IP (no podCIDR yet, or it is exhausted): phase Pending, containers waiting
 *   `ContainerCreating`, PodReadyToStartContainers False; with `ipError`, one
 *   `FailedCreatePodSandBox` Warning (unless already reported).
 * - Terminating (deletionTimestamp): containers not ready (Ready False), `Killing` Events once
 *   (unless already reported), and `deleteAt` = the deletionTimestamp (the end of the grace period).
 * - `status` is undefined when the stored status already says it all (no write).
 * Upstream: pkg/kubelet/kubelet_pods.go (generateAPIPodStatus), pkg/kubelet/status/generate.go,
 *           pkg/kubelet/kuberuntime/kuberuntime_container.go (Event reasons and messages)
 */
import { createHash } from 'node:crypto';
import { deepEqual } from '@miniplane/api/patch/jsonValue';
import { metaTime } from '@miniplane/api/metaTime';
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from '@miniplane/api/pod/types';

export const readyAnnotation = 'miniplane.dev/ready';

export interface PlannedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `spec.containers{name}` for container Events. */
  fieldPath?: string;
}

export interface PodPlanInput {
  pod: Pod;
  hostIP: string;
  podIP?: string;
  /** Every pod IP, one per family of the node's podCIDRs, `podIP` first (default: `podIP` alone). */
  podIPs?: string[];
  /** Why there is no pod IP (host-local's message), when it is an error. */
  ipError?: string;
  now: number;
  podReadyDelayMs: number;
  reported: { killing: boolean; sandboxFailure: boolean };
  /** Exact start times (ms) of the pod's containers, as `started` reported them earlier. */
  startedAtMs?: Record<string, number>;
}

export interface PodPlan {
  status?: PodStatus;
  events: PlannedEvent[];
  requeueAt?: number;
  deleteAt?: number;
  /** Containers started by this plan → their exact start time (ms), for `startedAtMs` later. */
  started?: Record<string, number>;
}

/** docker.io/library/nginx:latest for `nginx`, as the runtime reports `image`. */
export function normalizeImage(image: string): string {
  let name = image;
  const first = name.split('/')[0]!;
  if (!name.includes('/')) name = `docker.io/library/${name}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') name = `docker.io/${name}`;
  const last = name.split('/').at(-1)!;
  if (!last.includes(':') && !name.includes('@')) name += ':latest';
  return name;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function imageID(image: string): string {
  return `${normalizeImage(image).replace(/:[^:/@]+$/, '')}@sha256:${sha(`image/${normalizeImage(image)}`)}`;
}

const notReady = (names: string[]) => ({ reason: 'ContainersNotReady', message: `containers with unready status: [${names.join(' ')}]` });

function condition(type: string, ok: boolean, now: string, old: PodStatus | undefined, why?: { reason: string; message: string }): PodCondition {
  const prev = old?.conditions?.find((c) => c.type === type);
  const status = ok ? 'True' : 'False';
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev?.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now };
  if (!ok && why) Object.assign(c, why);
  return c;
}

export function planPod(i: PodPlanInput): PodPlan {
  const { pod, now } = i;
  const old = pod.status;
  const nowText = metaTime(now);
  const containers = [...pod.spec.containers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = containers.map((c) => c.name);
  const terminating = !!pod.metadata.deletionTimestamp;
  const events: PlannedEvent[] = [];
  const fieldPath = (c: Container) => `spec.containers{${c.name}}`;
  const plan: PodPlan = { events };
  const base: PodStatus = { ...(old ?? {}), hostIP: i.hostIP, hostIPs: [{ ip: i.hostIP }] };

  if (!i.podIP) {
    if (i.ipError && !i.reported.sandboxFailure) events.push({ type: 'Warning', reason: 'FailedCreatePodSandBox', message: i.ipError });
    const status: PodStatus = {
      ...base, phase: 'Pending',
      conditions: [
        condition('PodReadyToStartContainers', false, nowText, old), condition('Initialized', true, nowText, old),
        condition('Ready', false, nowText, old, notReady(names)), condition('ContainersReady', false, nowText, old, notReady(names)),
        condition('PodScheduled', true, nowText, old),
      ],
      startTime: old?.startTime ?? nowText,
      containerStatuses: containers.map((c) => ({
        name: c.name, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0,
        image: normalizeImage(c.image ?? ''), imageID: '', started: false,
      })),
    };
    if (terminating) plan.deleteAt = Date.parse(pod.metadata.deletionTimestamp!);
    return finish(plan, status, old);
  }

  const startTime = old?.startTime ?? nowText;
  const failing = pod.metadata.annotations?.[readyAnnotation] === 'false';
  const statuses: ContainerStatus[] = [];
  const unready: string[] = [];
  let wasReadyNowFailing = false;
  for (const c of containers) {
    const prev = old?.containerStatuses?.find((s) => s.name === c.name);
    const startedAt = prev?.state?.running?.startedAt;
    if (!startedAt) {
      events.push(
        { type: 'Normal', reason: 'Pulled', message: `Container image ${JSON.stringify(c.image ?? '')} already present on machine`, fieldPath: fieldPath(c) },
        { type: 'Normal', reason: 'Created', message: `Created container: ${c.name}`, fieldPath: fieldPath(c) },
        { type: 'Normal', reason: 'Started', message: `Started container ${c.name}`, fieldPath: fieldPath(c) },
      );
    }
    // startedAt is written in whole seconds: readiness counts from the exact start the kubelet
    // remembers (after a restart of the kubelet, from startedAt).
    const started = startedAt ? i.startedAtMs?.[c.name] ?? Date.parse(startedAt) : now;
    if (!startedAt) (plan.started ??= {})[c.name] = now;
    const readyFrom = started + Math.max(i.podReadyDelayMs, (c.readinessProbe?.initialDelaySeconds ?? 0) * 1000);
    const ready = !terminating && !failing && now >= readyFrom;
    if (!terminating && !failing && now < readyFrom) plan.requeueAt = Math.min(plan.requeueAt ?? Infinity, readyFrom);
    if (failing && !terminating && (prev?.ready || !startedAt)) wasReadyNowFailing = true;
    if (!ready) unready.push(c.name);
    statuses.push({
      name: c.name, state: { running: { startedAt: startedAt ?? nowText } }, lastState: {}, ready, restartCount: prev?.restartCount ?? 0,
      image: normalizeImage(c.image ?? ''), imageID: imageID(c.image ?? ''),
      containerID: `containerd://${sha(`container/${pod.metadata.uid}/${c.name}`)}`, started: true,
    });
  }
  if (wasReadyNowFailing) {
    events.push({ type: 'Warning', reason: 'Unhealthy', message: `Readiness probe failed: annotation ${readyAnnotation} is "false"`, fieldPath: fieldPath(containers[0]!) });
  }
  if (terminating) {
    if (!i.reported.killing) for (const c of containers) events.push({ type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}`, fieldPath: fieldPath(c) });
    plan.deleteAt = Date.parse(pod.metadata.deletionTimestamp!);
  }
  const allReady = unready.length === 0;
  const status: PodStatus = {
    ...base, phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', true, nowText, old), condition('Initialized', true, nowText, old),
      condition('Ready', allReady, nowText, old, notReady(unready)), condition('ContainersReady', allReady, nowText, old, notReady(unready)),
      condition('PodScheduled', true, nowText, old),
    ],
    podIP: i.podIP, podIPs: (i.podIPs ?? [i.podIP]).map((ip) => ({ ip })), startTime, containerStatuses: statuses,
  };
  return finish(plan, status, old);
}

/** Drops the status when it equals the stored one. */
function finish(plan: PodPlan, status: PodStatus, old: PodStatus | undefined): PodPlan {
  if (!deepEqual(status as never, (old ?? {}) as never)) plan.status = status;
  return plan;
}
