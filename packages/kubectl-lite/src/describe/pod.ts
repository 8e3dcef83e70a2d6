/**
 * `kubectl describe pod`: kubectl v1.32's layout: identity and placement, status and IPs, the
 * controller, each container (ids, image, ports, command and args, state, readiness, restarts,
 * resources, probes, environment, mounts), conditions, volumes, QoS class, node selectors,
 * tolerations and Events.
 *
 * Contract: pure over the Pod and its Events; `rfc1123z` times are UTC.
 * Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describePod, describeContainers,
 * describeStatus, describeVolumes, printPodTolerationsMultiline), pkg/apis/core/helper/qos
 */
import { rfc1123z } from './endpoints.js';
import { translateTimestampSince } from '@miniplane/api/printers/age';
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels, type CoreEvent } from './describeText.js';

type Map = Record<string, string>;
interface Port { containerPort: number; hostPort?: number; protocol?: string }
interface Probe { httpGet?: { path?: string; port?: number | string; host?: string; scheme?: string }; tcpSocket?: { port?: number | string }; exec?: { command?: string[] }; initialDelaySeconds?: number; timeoutSeconds?: number; periodSeconds?: number; successThreshold?: number; failureThreshold?: number }
interface Container {
  name: string; image?: string; command?: string[]; args?: string[]; ports?: Port[]; env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: { limits?: Map; requests?: Map }; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe;
}
interface ContainerState { running?: { startedAt?: string }; waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; startedAt?: string; finishedAt?: string } }
interface ContainerStatus { name: string; containerID?: string; imageID?: string; ready?: boolean; restartCount?: number; state?: ContainerState; lastState?: ContainerState }

export type { Container };

export interface Pod {
  metadata: { name: string; namespace?: string; labels?: Map; annotations?: Map; deletionTimestamp?: string; deletionGracePeriodSeconds?: number; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  spec: {
    priority?: number; priorityClassName?: string; runtimeClassName?: string; serviceAccountName?: string; nodeName?: string; containers?: Container[]; initContainers?: Container[];
    volumes?: ({ name: string } & Record<string, unknown>)[]; nodeSelector?: Map; tolerations?: { key?: string; value?: string; effect?: string; operator?: string; tolerationSeconds?: number }[];
  };
  status?: { phase?: string; reason?: string; message?: string; hostIP?: string; podIP?: string; podIPs?: { ip: string }[]; startTime?: string; nominatedNodeName?: string; qosClass?: string; conditions?: { type: string; status: string }[]; containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
}

const portsText = (ports: Port[] | undefined, host: boolean) => (ports ?? []).map((p) => `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? ''}`).join(', ');

function writeState(w: DescribeWriter, title: string, st: ContainerState | undefined): void {
  if (st?.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(st.running.startedAt)}\n`);
  } else if (st?.terminated) {
    const t = st.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
    if (st?.waiting?.reason) w.write(3, `Reason:\t${st.waiting.reason}\n`);
  }
}

/** kubectl's probe line: the fields as stored (unset numbers print 0), the URL as Go's url.URL prints it. */
function probeText(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.httpGet) {
    const port = p.httpGet.port === undefined ? '' : String(p.httpGet.port);
    const host = port ? `${p.httpGet.host?.includes(':') ? `[${p.httpGet.host}]` : p.httpGet.host ?? ''}:${port}` : p.httpGet.host ?? '';
    const scheme = (p.httpGet.scheme ?? '').toLowerCase();
    return `http-get ${scheme ? `${scheme}:` : ''}//${host}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket :${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  return `unknown ${attrs}`;
}

/** The Volumes section for the common volume types (others print kubectl's `<unknown>`). */
export function writeVolume(w: DescribeWriter, v: { name: string } & Record<string, unknown>, nameIndent = ''): void {
  w.write(1, `${nameIndent}${v.name}:\n`);
  const ed = v.emptyDir as { medium?: string; sizeLimit?: string } | undefined;
  const cm = v.configMap as { name?: string; optional?: boolean } | undefined;
  const sec = v.secret as { secretName?: string; optional?: boolean } | undefined;
  if (ed) {
    w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
    w.write(2, `Medium:\t${ed.medium ?? ''}\n`);
    w.write(2, `SizeLimit:\t${ed.sizeLimit ?? '<unset>'}\n`);
  } else if (cm) {
    w.write(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)\n');
    w.write(2, `Name:\t${cm.name ?? ''}\n`);
    w.write(2, `Optional:\t${cm.optional ? 'true' : 'false'}\n`);
  } else if (sec) {
    w.write(2, 'Type:\tSecret (a volume populated by a Secret)\n');
    w.write(2, `SecretName:\t${sec.secretName ?? ''}\n`);
    w.write(2, `Optional:\t${sec.optional ? 'true' : 'false'}\n`);
  } else w.write(1, '<unknown>\n');
}

export function writeContainer(w: DescribeWriter, c: Container, st: ContainerStatus | undefined, nameIndent = ''): void {
  w.write(1, `${nameIndent}${c.name}:\n`);
  if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`);
  w.write(2, `Image:\t${c.image ?? ''}\n`);
  if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`);
  const ports = portsText(c.ports, false);
  w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
  const hostPorts = portsText(c.ports, true);
  w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
  for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!list?.length) continue;
    w.write(2, `${title}:\n`);
    for (const item of list) for (const line of item.split('\n')) w.write(3, `${line}\n`);
  }
  if (st) {
    writeState(w, 'State', st.state);
    if (st.lastState?.terminated) writeState(w, 'Last State', st.lastState);
    w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
    w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
  }
  for (const [title, m] of [['Limits', c.resources?.limits], ['Requests', c.resources?.requests]] as const) {
    if (!m || !Object.keys(m).length) continue;
    w.write(2, `${title}:\n`);
    for (const k of Object.keys(m).sort()) w.write(3, `${k}:\t${m[k]}\n`);
  }
  for (const [title, p] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) if (p) w.write(2, `${title}:\t${probeText(p)}\n`);
  w.write(2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
  for (const e of c.env ?? []) {
    if (e.valueFrom !== undefined) {
      w.write(3, `${e.name}:\t<set from a reference>\n`);
      continue;
    }
    (e.value ?? '').split('\n').forEach((line, i) => w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
  }
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
  w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
  for (const m of mounts) w.write(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'}${m.subPath ? `,path="${m.subPath}"` : ''})\n`);
}

function qosClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const cs = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = cs.every((c) => ['cpu', 'memory'].every((r) => c.resources?.limits?.[r] !== undefined && (c.resources?.requests?.[r] ?? c.resources.limits[r]) === c.resources.limits[r]));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function describePod(pod: Pod, events: readonly CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  const m = pod.metadata;
  const s = pod.spec;
  const st = pod.status ?? {};
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  if (s.priority !== undefined) w.write(0, `Priority:\t${s.priority}\n`);
  if (s.priorityClassName) w.write(0, `Priority Class Name:\t${s.priorityClassName}\n`);
  if (s.runtimeClassName) w.write(0, `Runtime Class Name:\t${s.runtimeClassName}\n`);
  if (s.serviceAccountName) w.write(0, `Service Account:\t${s.serviceAccountName}\n`);
  w.write(0, s.nodeName ? `Node:\t${s.nodeName}/${st.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  writeLabels(w, 'Labels', m.labels);
  writeAnnotations(w, m.annotations);
  if (m.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(m.deletionTimestamp, now)})\n`);
    w.write(0, `Termination Grace Period:\t${m.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${st.phase ?? ''}\n`);
  if (st.reason) w.write(0, `Reason:\t${st.reason}\n`);
  if (st.message) w.write(0, `Message:\t${st.message}\n`);
  w.write(0, `IP:\t${st.podIP ?? ''}\n`);
  if (!st.podIPs?.length) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of st.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const owner = m.ownerReferences?.find((o) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (st.nominatedNodeName) w.write(0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
  for (const [title, list, statuses] of [['Init Containers', s.initContainers, st.initContainerStatuses], ['Containers', s.containers, st.containerStatuses]] as const) {
    if (title === 'Init Containers' && !list?.length) continue;
    w.write(0, list?.length ? `${title}:\n` : `${title}: <none>\n`);
    for (const c of list ?? []) writeContainer(w, c, statuses?.find((x) => x.name === c.name));
  }
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  writeVolumes(w, s.volumes, '');
  w.write(0, `QoS Class:\t${qosClass(pod)}\n`);
  writeLabels(w, 'Node-Selectors', s.nodeSelector);
  writeTolerations(w, s.tolerations, '');
  writeEvents(w, events, now);
  return w.text();
}

export function writeVolumes(w: DescribeWriter, volumes: ({ name: string } & Record<string, unknown>)[] | undefined, space: string): void {
  if (!volumes?.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  // inside a pod template (space set) kubectl indents the names one more column
  for (const v of volumes) writeVolume(w, v, space ? ' ' : '');
}

type Toleration = { key?: string; value?: string; effect?: string; operator?: string; tolerationSeconds?: number };

/** printPodTolerationsMultiline: sorted by key, `key=value:effect op=Exists for Ns`. */
export function writeTolerations(w: DescribeWriter, tolerations: Toleration[] | undefined, space: string, continuation = space): void {
  w.write(0, `${space}Tolerations:\t`);
  if (!tolerations?.length) {
    w.write(0, '<none>\n');
    return;
  }
  const byKey = (a: Toleration, b: Toleration) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0);
  [...tolerations].sort(byKey).forEach((t, i) => {
    let text = i === 0 ? '' : `${continuation}\t`;
    text += t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) text += ` for ${t.tolerationSeconds}s`;
    w.write(0, text + '\n');
  });
}
