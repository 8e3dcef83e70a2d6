/**
 * kube's v1 defaulting of pods and pod templates, as its decoder applies it to every body.
 *
 * Contract (pure; returns new objects, never edits its input; a JSON null reads as Go's zero
 * value, so it is defaulted like an absent field):
 * - `defaultPodSpec` (SetDefaults_PodSpec and what the generated defaulters run under a PodSpec,
 *   for pods and for the templates of ReplicaSets, Deployments and StatefulSets alike):
 *   dnsPolicy ClusterFirst, restartPolicy Always, securityContext {}, terminationGracePeriodSeconds
 *   30, schedulerName default-scheduler; for every container, init container and ephemeral
 *   container: imagePullPolicy (imagePullPolicy.ts), terminationMessagePath
 *   /dev/termination-log, terminationMessagePolicy File, port protocol TCP, env fieldRef
 *   apiVersion v1, probes (timeoutSeconds 1, periodSeconds 10, successThreshold 1,
 *   failureThreshold 3; httpGet path / and scheme HTTP; grpc service ""), lifecycle httpGet
 *   handlers; volumes: emptyDir when no source is given, defaultMode 420 for secret, configMap,
 *   downwardAPI and projected, hostPath type "", projected serviceAccountToken
 *   expirationSeconds 3600, downward-API fieldRef apiVersion v1.
 * - `defaultPod` adds SetDefaults_Pod, which only pods get (not templates): requests copied
 *   from limits where a container (or init container) sets limits without them,
 *   enableServiceLinks true, and with hostNetwork each container port's hostPort = containerPort.
 * Not reproduced: rounding quantities up to milli units, the defaults of the legacy in-tree
 * volume plugins (iscsi, rbd, azureDisk, scaleIO), pod-level resources (alpha in v1.33).
 * Upstream: pkg/apis/core/v1/defaults.go, pkg/apis/core/v1/zz_generated.defaults.go
 */
import { isPlainObject, type KubeObject } from '../types.js';
import { defaultImagePullPolicy } from './imagePullPolicy.js';

type Obj = Record<string, unknown>;

/** Go's zero value for a string or pointer field: absent, null or "". */
const unset = (v: unknown) => v === undefined || v === null || v === '';
/** Go's `== 0` for an int field (absent and null included). */
const zero = (v: unknown) => v === undefined || v === null || v === 0 || v === 0n;

/** A copy of each object of a list, edited by `f`; anything else kept as it is. */
function mapObjects(list: unknown, f: (o: Obj) => Obj): unknown {
  return Array.isArray(list) ? list.map((x) => (isPlainObject(x) ? f({ ...x }) : x)) : list;
}

/** `f` on a copy of the object at `o[key]`, when there is one. */
function edit(o: Obj, key: string, f: (o: Obj) => Obj): void {
  const v = o[key];
  if (isPlainObject(v)) o[key] = f({ ...v });
}

function defaultHTTPGet(h: Obj): Obj {
  if (unset(h.path)) h.path = '/';
  if (unset(h.scheme)) h.scheme = 'HTTP';
  return h;
}

function defaultProbe(p: Obj): Obj {
  if (zero(p.timeoutSeconds)) p.timeoutSeconds = 1;
  if (zero(p.periodSeconds)) p.periodSeconds = 10;
  if (zero(p.successThreshold)) p.successThreshold = 1;
  if (zero(p.failureThreshold)) p.failureThreshold = 3;
  edit(p, 'httpGet', defaultHTTPGet);
  edit(p, 'grpc', (g) => ({ ...g, service: g.service ?? '' }));
  return p;
}

function defaultFieldRef(f: Obj): Obj {
  if (unset(f.apiVersion)) f.apiVersion = 'v1';
  return f;
}

function defaultContainer(c: Obj): Obj {
  if (unset(c.imagePullPolicy)) c.imagePullPolicy = defaultImagePullPolicy(c.image);
  if (unset(c.terminationMessagePath)) c.terminationMessagePath = '/dev/termination-log';
  if (unset(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  c.ports = mapObjects(c.ports, (p) => (unset(p.protocol) ? { ...p, protocol: 'TCP' } : p));
  c.env = mapObjects(c.env, (e) => {
    edit(e, 'valueFrom', (v) => (edit(v, 'fieldRef', defaultFieldRef), v));
    return e;
  });
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) edit(c, probe, defaultProbe);
  edit(c, 'lifecycle', (l) => {
    for (const hook of ['postStart', 'preStop']) edit(l, hook, (h) => (edit(h, 'httpGet', defaultHTTPGet), h));
    return l;
  });
  for (const k of ['ports', 'env']) if (c[k] === undefined) delete c[k];
  return c;
}

const volumeSources = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

/** kube's default file mode of secret, configMap, downwardAPI and projected volumes (0644). */
const defaultMode = 0o644;

function withDefaultMode(v: Obj): Obj {
  if (v.defaultMode == null) v.defaultMode = defaultMode;
  return v;
}

function defaultDownwardAPIItems(d: Obj): Obj {
  d.items = mapObjects(d.items, (i) => (edit(i, 'fieldRef', defaultFieldRef), i));
  if (d.items === undefined) delete d.items;
  return d;
}

function defaultProjection(p: Obj): Obj {
  edit(p, 'downwardAPI', defaultDownwardAPIItems);
  edit(p, 'serviceAccountToken', (s) => ({ ...s, expirationSeconds: s.expirationSeconds ?? 3600 }));
  return p;
}

function defaultVolume(v: Obj): Obj {
  if (volumeSources.every((k) => v[k] == null)) v.emptyDir = {};
  edit(v, 'hostPath', (h) => ({ ...h, type: h.type ?? '' }));
  edit(v, 'secret', withDefaultMode);
  edit(v, 'configMap', withDefaultMode);
  edit(v, 'downwardAPI', (d) => defaultDownwardAPIItems(withDefaultMode(d)));
  edit(v, 'projected', (p) => {
    withDefaultMode(p);
    p.sources = mapObjects(p.sources, defaultProjection);
    if (p.sources === undefined) delete p.sources;
    return p;
  });
  edit(v, 'ephemeral', (e) => {
    edit(e, 'volumeClaimTemplate', (t) => (edit(t, 'spec', (s) => ({ ...s, volumeMode: s.volumeMode ?? 'Filesystem' })), t));
    return e;
  });
  return v;
}

/** SetDefaults_PodSpec and the defaults of everything a PodSpec holds (pods and templates). */
export function defaultPodSpec(spec: unknown): Obj {
  const s: Obj = isPlainObject(spec) ? { ...spec } : {};
  if (unset(s.dnsPolicy)) s.dnsPolicy = 'ClusterFirst';
  if (unset(s.restartPolicy)) s.restartPolicy = 'Always';
  if (s.securityContext == null) s.securityContext = {};
  if (s.terminationGracePeriodSeconds == null) s.terminationGracePeriodSeconds = 30;
  if (unset(s.schedulerName)) s.schedulerName = 'default-scheduler';
  for (const k of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (s[k] !== undefined) s[k] = mapObjects(s[k], defaultContainer);
  }
  if (s.volumes !== undefined) s.volumes = mapObjects(s.volumes, defaultVolume);
  return s;
}

/** A pod template (`spec.template` of a workload) with its PodSpec defaulted. */
export function defaultPodTemplate(template: unknown): Obj {
  const t: Obj = isPlainObject(template) ? { ...template } : {};
  t.spec = defaultPodSpec(t.spec);
  return t;
}

/** Requests copied from limits where a container sets limits (SetDefaults_Pod). */
function requestsFromLimits(c: Obj): Obj {
  const r = c.resources;
  if (!isPlainObject(r) || !isPlainObject(r.limits)) return c;
  const requests = { ...r.limits, ...(isPlainObject(r.requests) ? r.requests : {}) };
  // Go makes an empty map for empty limits, which encodes as nothing (omitempty).
  if (!Object.keys(requests).length) return c;
  return { ...c, resources: { ...r, requests } };
}

function hostNetworkPorts(c: Obj): Obj {
  return { ...c, ports: mapObjects(c.ports, (p) => (zero(p.hostPort) ? { ...p, hostPort: p.containerPort } : p)) };
}

/** SetDefaults_Pod, then the PodSpec's defaults. */
export function defaultPod(pod: KubeObject): KubeObject {
  const spec = defaultPodSpec(pod.spec);
  for (const k of ['containers', 'initContainers']) {
    if (spec[k] === undefined) continue;
    spec[k] = mapObjects(spec[k], requestsFromLimits);
    if (spec.hostNetwork === true) spec[k] = mapObjects(spec[k], (c) => (c.ports === undefined ? c : hostNetworkPorts(c)));
  }
  if (spec.enableServiceLinks == null) spec.enableServiceLinks = true;
  return { ...pod, spec };
}
