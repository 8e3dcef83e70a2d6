/**
 * `kubectl describe deployment|replicaset|statefulset`: kubectl v1.32's layouts, with the pod
 * template described as kubectl's DescribePodTemplate does (labels, containers without status,
 * volumes, node selectors, tolerations) and, for a ReplicaSet or StatefulSet, its pods counted by
 * phase; a StatefulSet adds its update strategy (partition) and volume claim templates.
 *
 * Contract: pure over the object, its owned pods (ReplicaSet, StatefulSet) or ReplicaSets
 * (Deployment: the Old/NewReplicaSet lines only when it owns any) and its Events.
 * Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeReplicaSet,
 * DeploymentDescriber, describeStatefulSet, describeVolumeClaimTemplates, DescribePodTemplate)
 */
import { formatLabelSelector, type LabelSelector } from '@miniplane/api/printers/selectorFormat';
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels, type CoreEvent } from './describeText.js';
import { rfc1123z } from './endpoints.js';
import { writeContainer, writeTolerations, writeVolumes, type Container } from './pod.js';

type Map = Record<string, string>;
interface Meta { name: string; namespace?: string; creationTimestamp?: string; labels?: Map; annotations?: Map; ownerReferences?: { kind: string; name: string; controller?: boolean }[] }
interface PodTemplate {
  metadata?: { labels?: Map; annotations?: Map };
  spec?: { serviceAccountName?: string; containers?: Container[]; initContainers?: Container[]; volumes?: ({ name: string } & Record<string, unknown>)[]; nodeSelector?: Map; tolerations?: never[]; priorityClassName?: string };
}

function writePodTemplate(w: DescribeWriter, t: PodTemplate | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!t) {
    w.write(1, '<unset>');
    return;
  }
  // kubectl's DescribePodTemplate: continuation lines start at column 0 (visible in rollout history's untabulated text)
  writeLabels(w, '  Labels', t.metadata?.labels, 0, '');
  if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length) writeAnnotations(w, t.metadata.annotations, 0, '  ', '');
  const spec = t.spec ?? {};
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  for (const [title, list] of [['Init Containers', spec.initContainers], ['Containers', spec.containers]] as const) {
    if (title === 'Init Containers' && !list?.length) continue;
    w.write(0, list?.length ? `  ${title}:\n` : `  ${title}: <none>\n`);
    for (const c of list ?? []) writeContainer(w, c, undefined, ' ');
  }
  writeVolumes(w, spec.volumes, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  writeLabels(w, '  Node-Selectors', spec.nodeSelector, 0, '');
  writeTolerations(w, spec.tolerations, '  ', '');
}

/** A pod template as `kubectl rollout history --revision N` prints it (DescribePodTemplate, tabs kept). */
export function podTemplateText(t: PodTemplate | undefined): string {
  const w = new DescribeWriter();
  writePodTemplate(w, t);
  return w.rawText();
}

type PodPhases = readonly { status?: { phase?: string } }[];

function writePodsStatus(w: DescribeWriter, pods: PodPhases): void {
  const count = (phase: string) => pods.filter((p) => p.status?.phase === phase).length;
  w.write(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
}

export interface ReplicaSet {
  metadata: Meta;
  spec: { replicas?: number; selector?: LabelSelector; template?: PodTemplate };
  status?: { replicas?: number };
}

export function describeReplicaSet(rs: ReplicaSet, pods: PodPhases, events: readonly CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
  writeLabels(w, 'Labels', rs.metadata.labels);
  writeAnnotations(w, rs.metadata.annotations);
  const owner = rs.metadata.ownerReferences?.find((o) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 1} desired\n`);
  writePodsStatus(w, pods);
  writePodTemplate(w, rs.spec.template);
  writeEvents(w, events, now);
  return w.text();
}

export interface Deployment {
  metadata: Meta;
  spec: { replicas?: number; selector?: LabelSelector; template?: PodTemplate; minReadySeconds?: number; strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: string | number; maxSurge?: string | number } } };
  status?: { updatedReplicas?: number; replicas?: number; availableReplicas?: number; unavailableReplicas?: number; conditions?: { type: string; status: string; reason?: string }[] };
}

export interface OwnedReplicaSets {
  /** Old ReplicaSets that still want pods (kubectl's FindOldReplicaSets "required" list). */
  old: ReplicaSet[];
  current: ReplicaSet | undefined;
}

const rsText = (list: readonly ReplicaSet[]) => list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`).join(', ') || '<none>';

export function describeDeployment(d: Deployment, owned: OwnedReplicaSets | undefined, events: readonly CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  const st = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  writeLabels(w, 'Labels', d.metadata.labels);
  writeAnnotations(w, d.metadata.annotations);
  w.write(0, `Selector:\t${formatLabelSelector(d.spec.selector)}\n`);
  w.write(0, `Replicas:\t${d.spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  const ru = d.spec.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`);
  writePodTemplate(w, d.spec.template);
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  if (owned) {
    w.write(0, `OldReplicaSets:\t${rsText(owned.old)}\n`);
    w.write(0, `NewReplicaSet:\t${rsText(owned.current ? [owned.current] : [])}\n`);
  }
  writeEvents(w, events, now);
  return w.text();
}

interface ClaimTemplate {
  metadata?: { name?: string; labels?: Map; annotations?: Map };
  spec?: { storageClassName?: string; accessModes?: string[]; resources?: { requests?: Map } };
}

export interface StatefulSet {
  metadata: Meta;
  spec: {
    replicas?: number; selector?: LabelSelector; template?: PodTemplate; volumeClaimTemplates?: ClaimTemplate[];
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: string | number } };
  };
  status?: { replicas?: number };
}

const storageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

function writeClaimTemplates(w: DescribeWriter, claims: readonly ClaimTemplate[] | undefined): void {
  if (!claims?.length) {
    w.write(0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(0, 'Volume Claims:\n');
  for (const c of claims) {
    w.write(1, `Name:\t${c.metadata?.name ?? ''}\n`);
    w.write(1, `StorageClass:\t${c.metadata?.annotations?.[storageClassAnnotation] ?? c.spec?.storageClassName ?? ''}\n`);
    writeLabels(w, '  Labels', c.metadata?.labels);
    writeLabels(w, '  Annotations', c.metadata?.annotations);
    w.write(1, `Capacity:\t${c.spec?.resources?.requests?.storage ?? '<default>'}\n`);
    w.write(1, `Access Modes:\t[${(c.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

export function describeStatefulSet(ss: StatefulSet, pods: PodPhases, events: readonly CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${ss.metadata.name}\n`);
  w.write(0, `Namespace:\t${ss.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(ss.spec.selector)}\n`);
  writeLabels(w, 'Labels', ss.metadata.labels);
  writeAnnotations(w, ss.metadata.annotations);
  w.write(0, `Replicas:\t${ss.spec.replicas ?? 1} desired | ${ss.status?.replicas ?? 0} total\n`);
  const strategy = ss.spec.updateStrategy;
  w.write(0, `Update Strategy:\t${strategy?.type ?? ''}\n`);
  const ru = strategy?.rollingUpdate;
  if (ru?.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  writePodsStatus(w, pods);
  writePodTemplate(w, ss.spec.template);
  writeClaimTemplates(w, ss.spec.volumeClaimTemplates);
  writeEvents(w, events, now);
  return w.text();
}
