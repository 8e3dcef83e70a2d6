/**
 * `kubectl set image TYPE/NAME CONTAINER=IMAGE...` (`*=IMAGE` for every container): a strategic
 * merge patch of the pod template's (or pod's) containers, printing `kind/name image updated`.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go
 */
import { CliError, UsageError, eachReported } from '../errors.js';
import { commonFlags, splitKeyValue, type FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import type { KubeObj } from '../output/printObjects.js';
import { resolveTargets } from '../resourceArgs.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'all', type: 'bool' },
  commonFlags.selector,
];

type Containers = { name: string; image?: string }[];

export async function run(s: Session, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'image') throw new UsageError(`unknown command "${sub ?? ''}" for "kubectl set" (kubectl-lite has: image)`, 'set');
  const images = rest.map(splitKeyValue).filter((kv) => kv !== undefined);
  const resources = rest.filter((a) => !splitKeyValue(a));
  if (!images.length) throw new CliError('at least one image update is required');
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const objects = (await resolveTargets(disc, resources, 'set image')).flatMap((t) => t.names.map((name) => ({ t, name })));
  return eachReported(objects, s.io, conn.server, async ({ t, name }) => {
    const path = objectPath(t.resource, t.resource.namespaced ? conn.namespace : undefined, name);
    const obj = await conn.client.request<KubeObj>({ method: 'GET', path });
    const podSpec = t.resource.kind === 'Pod' ? (obj.spec as { containers?: Containers }) : (obj.spec as { template?: { spec?: { containers?: Containers } } }).template?.spec;
    const containers = podSpec?.containers ?? [];
    const changes: Containers = [];
    for (const [container, image] of images) {
      const hit = container === '*' ? containers : containers.filter((c) => c.name === container);
      if (!hit.length) throw new CliError(`unable to find container named "${container}"`);
      for (const c of hit) changes.push({ name: c.name, image });
    }
    const patch = t.resource.kind === 'Pod' ? { spec: { containers: changes } } : { spec: { template: { spec: { containers: changes } } } };
    await conn.client.request({ method: 'PATCH', path, body: patch, contentType: 'application/strategic-merge-patch+json', query: { fieldManager: 'kubectl-set' } });
    s.io.out(`${kindPrefix(t.resource)}/${name} image updated\n`);
  });
}
