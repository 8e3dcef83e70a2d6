/**
 * `kubectl describe TYPE [NAME_PREFIX]` / `TYPE/NAME` / `-l`: each object's description, in
 * kubectl's layout for the kinds with a describer here (services, pods, deployments,
 * replicasets, statefulsets, nodes, endpoints, endpointslices, namespaces), separated by a blank line.
 *
 * Contract: with exactly `TYPE NAME`, a name that matches no object describes the objects whose
 * names start with it (kubectl's prefix match); none at all is kubectl's NotFound error, exit 1. Events are the
 * namespace's Events whose involvedObject is the object (by uid, else kind and name).
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go
 */
import type { RestClient } from '@miniplane/client/restClient';
import { CliError, errorText } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import { collectionPath, objectPath, type ApiResource, type Discovery } from '../discovery.js';
import { listControlled, listObjects } from '../fetch.js';
import type { KubeObj } from '../output/printObjects.js';
import { resolveTargets, targetNamespace } from '../resourceArgs.js';
import type { Session } from '../session.js';
import type { CoreEvent } from '../describe/describeText.js';

export const flags: readonly FlagSpec[] = [
  commonFlags.selector,
  commonFlags.allNamespaces,
  { name: 'show-events', type: 'bool' },
  { name: 'chunk-size', type: 'int' },
];

type Describer = (s: Session, client: RestClient, d: Discovery, obj: KubeObj, events: CoreEvent[] | undefined) => Promise<string>;

/** The pods of `obj`'s namespace whose controller is `obj` (kubectl's getPodStatusForController). */
async function controlledPods(client: RestClient, d: Discovery, obj: KubeObj): Promise<KubeObj[]> {
  return listControlled(client, (await d.resolve('pods'))!, obj);
}

const describers: Record<string, () => Promise<Describer>> = {
  Endpoints: async () => {
    const { describeEndpoints } = await import('../describe/endpoints.js');
    return async (_s, _c, _d, obj, events) => describeEndpoints(obj as never, events, new Date());
  },
  EndpointSlice: async () => {
    const { describeEndpointSlice } = await import('../describe/endpoints.js');
    return async (_s, _c, _d, obj, events) => describeEndpointSlice(obj as never, events, new Date());
  },
  Pod: async () => {
    const { describePod } = await import('../describe/pod.js');
    return async (_s, _c, _d, obj, events) => describePod(obj as never, events, new Date());
  },
  Deployment: async () => {
    const { describeDeployment } = await import('../describe/workloads.js');
    const { sameTemplate } = await import('../templateEquality.js');
    return async (_s, client, d, obj, events) => {
      type Rs = KubeObj & { metadata: { creationTimestamp?: string }; spec: { replicas?: number; template?: unknown } };
      const rss = ((await listControlled(client, (await d.resolve('replicasets.apps'))!, obj)) as Rs[])
        .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
      const current = rss.find((rs) => sameTemplate(rs.spec.template, (obj.spec as { template?: unknown }).template));
      const owned = rss.length ? { old: rss.filter((rs) => rs !== current && (rs.spec.replicas ?? 1) !== 0), current } : undefined;
      return describeDeployment(obj as never, owned as never, events, new Date());
    };
  },
  ReplicaSet: async () => {
    const { describeReplicaSet } = await import('../describe/workloads.js');
    return async (_s, client, d, obj, events) => describeReplicaSet(obj as never, (await controlledPods(client, d, obj)) as never, events, new Date());
  },
  StatefulSet: async () => {
    const { describeStatefulSet } = await import('../describe/workloads.js');
    return async (_s, client, d, obj, events) => describeStatefulSet(obj as never, (await controlledPods(client, d, obj)) as never, events, new Date());
  },
  Node: async () => {
    const { describeNode } = await import('../describe/node.js');
    return async (_s, client, d, obj, events) => {
      const name = obj.metadata?.name ?? '';
      const leases = await d.resolve('leases.coordination.k8s.io');
      const lease = leases ? await client.request({ method: 'GET', path: objectPath(leases, 'kube-node-lease', name) }).catch(() => undefined) : undefined;
      const podsR = (await d.resolve('pods'))!;
      const pods = (await listObjects(client, podsR, { fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed` })).items;
      return describeNode(obj as never, lease as never, pods as never, events, new Date());
    };
  },
  Namespace: async () => {
    const { describeNamespace } = await import('../describe/endpoints.js');
    return async (_s, _c, _d, obj) => describeNamespace(obj as never);
  },
  Service: async () => {
    const { describeService } = await import('../describe/service.js');
    return async (_s, client, d, obj, events) => {
      const es = await d.resolve('endpointslices.discovery.k8s.io');
      const slices = es ? (await listObjects(client, es, { namespace: obj.metadata?.namespace, labelSelector: `kubernetes.io/service-name=${obj.metadata?.name ?? ''}` })).items : [];
      return describeService(obj as never, slices as never, events, new Date());
    };
  },
};

async function eventsFor(client: RestClient, d: Discovery, obj: KubeObj, show: boolean): Promise<CoreEvent[] | undefined> {
  if (!show) return undefined;
  const ev = await d.resolve('events');
  if (!ev) return [];
  const m = obj.metadata as { uid?: string; name?: string; namespace?: string };
  // events about cluster-scoped objects (nodes) live in the default namespace
  const list = await client.request<{ items?: CoreEvent[] }>({ method: 'GET', path: collectionPath(ev, m.namespace ?? 'default') });
  return (list.items ?? []).filter((e) => {
    const io = e.involvedObject ?? {};
    // the kubelet reports about its node with the node's name as the uid
    if (obj.kind === 'Node' && io.kind === 'Node' && io.uid === m.name) return true;
    return io.uid ? io.uid === m.uid : io.kind === obj.kind && io.name === m.name;
  });
}

/** An object to describe; `prefixed` ones (found by name prefix) print as kubectl prints those. */
type Found = KubeObj & { prefixed?: boolean };

async function objectsFor(client: RestClient, r: ApiResource, ns: string | undefined, names: string[], selector: string | undefined, errors: unknown[], allowPrefix: boolean): Promise<Found[]> {
  const av = r.group ? `${r.group}/${r.version}` : r.version;
  if (!names.length) return (await listObjects(client, r, { namespace: ns, labelSelector: selector })).items;
  const out: Found[] = [];
  for (const name of names) {
    try {
      out.push({ apiVersion: av, kind: r.kind, ...(await client.request<KubeObj>({ method: 'GET', path: objectPath(r, ns, name) })) });
    } catch (e: unknown) {
      if ((e as { code?: number }).code !== 404) throw e;
      if (!allowPrefix) {
        errors.push(e);
        continue;
      }
      const prefixed = (await listObjects(client, r, { namespace: ns })).items.filter((o) => (o.metadata?.name ?? '').startsWith(name));
      if (prefixed.length) out.push(...prefixed.map((o) => ({ ...o, prefixed: true })));
      else errors.push(e);
    }
  }
  return out;
}

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const targets = await resolveTargets(disc, args, 'describe');
  const errors: unknown[] = [];
  let text = '';
  let count = 0;
  for (const t of targets) {
    const load = describers[t.resource.kind];
    if (!load) throw new CliError(`kubectl-lite has no describer for ${t.resource.name} yet`);
    const describe = await load();
    const ns = targetNamespace(t, conn.namespace, f.bool('all-namespaces'));
    for (const obj of await objectsFor(conn.client, t.resource, ns, t.names, f.string('selector'), errors, args.length === 2 && !args[0]!.includes('/'))) {
      const events = await eventsFor(conn.client, disc, obj, f.has('show-events') ? f.bool('show-events') : true);
      const one = await describe(s, conn.client, disc, obj, events);
      // kubectl: a blank line between descriptions; prefix matches each end with a newline instead
      text += obj.prefixed ? `${one}\n` : count > 0 ? `\n\n${one}` : one;
      count++;
    }
  }
  s.io.out(text);
  if (!count && !errors.length) s.io.err(targets.every((t) => t.resource.namespaced) && !f.bool('all-namespaces') ? `No resources found in ${conn.namespace} namespace.\n` : 'No resources found\n');
  for (const e of errors) s.io.err(errorText(e, conn.server));
  return errors.length ? 1 : 0;
}
