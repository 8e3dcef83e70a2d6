/**
 * Which logs `kubectl logs` asks for: the pod an object stands for and the containers read. Pure.
 *
 * Contract
 * - `podSelectorOf(obj)`: the label selector string of a workload (Deployment, ReplicaSet,
 *   StatefulSet, DaemonSet, Job: `spec.selector`; ReplicationController and Service: the
 *   `spec.selector` map), undefined for kinds kubectl cannot get logs of.
 * - `byLogging(a, b)`: kubectl's podutils.ByLogging order (assigned before unassigned, Running
 *   before Unknown before Pending, ready before not, ready for longer first, more restarts first,
 *   older first); the first pod is the one read.
 * - `logContainers(pod, o)`: with `allContainers`, every container (init, regular, ephemeral in
 *   that order); else the one named, the `kubectl.kubernetes.io/default-container` annotation's,
 *   or the first (with kubectl's `Defaulted container ...` notice when there are others); a
 *   named container the pod lacks is kubectl's `container X is not valid for pod Y`.
 * Upstream: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/logsforobject.go,
 *           staging/src/k8s.io/kubectl/pkg/util/podutils/podutils.go (ByLogging),
 *           staging/src/k8s.io/kubectl/pkg/cmd/util/podcmd/podcmd.go
 */
import { labelSelectorString, type LabelSelector } from '@miniplane/api/printers/selectorFormat';
import { CliError } from './errors.js';

export interface LogPod {
  metadata: { name?: string; namespace?: string; creationTimestamp?: string; annotations?: Record<string, string> };
  spec?: { nodeName?: string; containers?: Named[]; initContainers?: Named[]; ephemeralContainers?: Named[] };
  status?: {
    phase?: string;
    conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }>;
    containerStatuses?: Array<{ restartCount?: number }>;
    initContainerStatuses?: Array<{ restartCount?: number }>;
  };
}

interface Named {
  name: string;
}

interface Workload {
  kind?: string;
  spec?: { selector?: LabelSelector | Record<string, string> | null };
}

const selectorKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);
const mapSelectorKinds = new Set(['ReplicationController', 'Service']);

export function podSelectorOf(obj: Workload): string | undefined {
  const sel = obj.spec?.selector;
  if (selectorKinds.has(obj.kind ?? '')) return labelSelectorString(sel as LabelSelector) ?? undefined;
  if (mapSelectorKinds.has(obj.kind ?? '')) return labelSelectorString({ matchLabels: (sel ?? {}) as Record<string, string> }) ?? undefined;
  return undefined;
}

const phaseRank = (p: LogPod) => ({ Running: 0, Unknown: 1, Pending: 2 } as Record<string, number>)[p.status?.phase ?? ''] ?? 0;
const readyCondition = (p: LogPod) => p.status?.conditions?.find((c) => c.type === 'Ready');
const isReady = (p: LogPod) => readyCondition(p)?.status === 'True';
const time = (t: string | undefined) => (t ? Date.parse(t) : 0);
const restarts = (p: LogPod) => Math.max(0, ...[...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])].map((s) => s.restartCount ?? 0));

/** Go's afterOrZero(t1, t2): a zero time sorts last. */
function afterOrZero(t1: number, t2: number): boolean {
  if (!t1 || !t2) return !t1;
  return t1 > t2;
}

export function byLogging(a: LogPod, b: LogPod): number {
  const less = (x: LogPod, y: LogPod): boolean => {
    const [xn, yn] = [x.spec?.nodeName ?? '', y.spec?.nodeName ?? ''];
    if (xn !== yn && (!xn || !yn)) return !!xn;
    if (phaseRank(x) !== phaseRank(y)) return phaseRank(x) < phaseRank(y);
    if (isReady(x) !== isReady(y)) return isReady(x);
    const [xr, yr] = [time(readyCondition(x)?.lastTransitionTime), time(readyCondition(y)?.lastTransitionTime)];
    if (isReady(x) && isReady(y) && xr !== yr) return afterOrZero(yr, xr);
    if (restarts(x) !== restarts(y)) return restarts(x) > restarts(y);
    const [xc, yc] = [time(x.metadata.creationTimestamp), time(y.metadata.creationTimestamp)];
    if (xc !== yc) return afterOrZero(yc, xc);
    return false;
  };
  return less(a, b) ? -1 : less(b, a) ? 1 : 0;
}

const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

/** podcmd.AllContainerNames: `a, b, init (init), dbg (ephem)`. */
function allContainerNames(pod: LogPod): string {
  const s = pod.spec ?? {};
  return [...(s.containers ?? []).map((c) => c.name), ...(s.initContainers ?? []).map((c) => `${c.name} (init)`), ...(s.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`)].join(', ');
}

export interface ContainerChoice {
  containers: string[];
  /** What kubectl prints on stderr about the choice. */
  notices: string[];
}

export function logContainers(pod: LogPod, o: { container?: string; allContainers: boolean }): ContainerChoice {
  const s = pod.spec ?? {};
  const all = [...(s.initContainers ?? []), ...(s.containers ?? []), ...(s.ephemeralContainers ?? [])].map((c) => c.name);
  if (o.allContainers) return { containers: all, notices: [] };
  const notices: string[] = [];
  let container = o.container;
  const annotated = pod.metadata.annotations?.[defaultContainerAnnotation];
  if (!container && annotated) {
    if (all.includes(annotated)) container = annotated;
    else notices.push(`Default container name "${annotated}" not found in pod ${pod.metadata.name ?? ''}\n`);
  }
  if (!container) {
    container = s.containers?.[0]?.name ?? '';
    if ((s.containers?.length ?? 0) > 1 || s.initContainers?.length || s.ephemeralContainers?.length) {
      notices.push(`Defaulted container "${container}" out of: ${allContainerNames(pod)}\n`);
    }
  }
  if (!all.includes(container)) throw new CliError(`container ${container} is not valid for pod ${pod.metadata.name ?? ''}`);
  return { containers: [container], notices };
}
