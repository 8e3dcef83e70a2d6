/**
 * `kubectl expose deployment|replicaset|pod|service NAME --port=P [--target-port] [--type]
 * [--name] [--protocol] [--selector] [--labels] ...`: a Service selecting what the object
 * selects (a Deployment's or ReplicaSet's matchLabels, a Pod's labels, a Service's selector),
 * labelled like the object; without `--port`, the object's container (or service) ports.
 * Prints `service/NAME exposed`.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go, .../pkg/polymorphichelpers
 */
import { CliError } from '../errors.js';
import { writeOutputFlags, type FlagSpec } from '../flags.js';
import { objectPath } from '../discovery.js';
import { exposeService, parseLabels } from '../generators.js';
import type { KubeObj } from '../output/printObjects.js';
import { resolveTargets } from '../resourceArgs.js';
import type { Session } from '../session.js';
import { createBuilt } from './create.js';

export const flags: readonly FlagSpec[] = [
  { name: 'port', type: 'string' },
  { name: 'target-port', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'protocol', type: 'string' },
  { name: 'selector', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'cluster-ip', type: 'string' },
  { name: 'external-ip', type: 'string' },
  { name: 'load-balancer-ip', type: 'string' },
  { name: 'session-affinity', type: 'string' },
  ...writeOutputFlags,
];

type Spec = { selector?: { matchLabels?: Record<string, string> } | Record<string, string>; template?: { spec?: PodSpec }; ports?: { port: number }[] } & PodSpec;
type PodSpec = { containers?: { ports?: { containerPort: number }[] }[] };

function selectorOf(kind: string, obj: KubeObj): Record<string, string> | undefined {
  const spec = (obj.spec ?? {}) as Spec;
  if (kind === 'Pod') return obj.metadata?.labels;
  if (kind === 'Service') return spec.selector as Record<string, string> | undefined;
  return (spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
}

function portsOf(kind: string, obj: KubeObj): number[] {
  const spec = (obj.spec ?? {}) as Spec;
  if (kind === 'Service') return (spec.ports ?? []).map((p) => p.port);
  const pod = kind === 'Pod' ? spec : spec.template?.spec;
  return (pod?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
}

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const [t] = await resolveTargets(disc, args, 'expose');
  if (!t || t.names.length !== 1) throw new CliError('you must provide one resource and one name to expose');
  const kind = t.resource.kind;
  if (!['Deployment', 'ReplicaSet', 'Pod', 'Service', 'ReplicationController'].includes(kind)) throw new CliError(`cannot expose a ${kind}`);
  const obj = await conn.client.request<KubeObj>({ method: 'GET', path: objectPath(t.resource, conn.namespace, t.names[0]!) });
  const selector = f.string('selector') ? parseLabels(f.string('selector')!, 'selector') : selectorOf(kind, obj);
  if (!selector || !Object.keys(selector).length) throw new CliError(`couldn't retrieve selectors via --selector flag or introspection: the ${kind.toLowerCase()} has no labels`);
  const ports = f.string('port') ? f.string('port')!.split(',').map(Number) : portsOf(kind, obj);
  if (!ports.length) throw new CliError("couldn't find port via --port flag or introspection");
  const svc = exposeService({
    name: f.string('name') ?? obj.metadata?.name ?? '', namespace: conn.namespace,
    labels: f.string('labels') ? parseLabels(f.string('labels')!, 'label') : obj.metadata?.labels,
    selector, ports, targetPort: f.string('target-port'), protocol: f.string('protocol') ?? 'TCP', type: f.string('type'),
    clusterIP: f.string('cluster-ip'), externalIPs: f.string('external-ip')?.split(','), loadBalancerIP: f.string('load-balancer-ip'),
    sessionAffinity: f.string('session-affinity'),
  });
  return createBuilt(s, svc, 'kubectl-expose', 'exposed');
}
