/**
 * `kubectl cordon|uncordon NODE...` (or `-l`): sets or clears `spec.unschedulable`, printing
 * `node/NAME cordoned|uncordoned` (`already cordoned|uncordoned` when nothing changes).
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/drain/{cordon.go,uncordon.go}, .../pkg/drain/cordon.go
 */
import { errorText } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import { listObjects } from '../fetch.js';
import type { KubeObj } from '../output/printObjects.js';
import type { Session } from '../session.js';
import { bareName } from '../resourceArgs.js';

export const flags: readonly FlagSpec[] = [
  commonFlags.selector,
  commonFlags.dryRun,
];

/** Cordons (or uncordons) the named nodes; returns the names it could not. */
export async function setUnschedulable(s: Session, names: string[], unschedulable: boolean): Promise<string[]> {
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const nodes = (await disc.resolve('nodes'))!;
  const targets = names.length ? names : (await listObjects(conn.client, nodes, { labelSelector: s.flags.string('selector') })).items.map((n) => n.metadata?.name ?? '');
  const failed: string[] = [];
  const word = unschedulable ? 'cordoned' : 'uncordoned';
  for (const name of targets.map((n) => bareName(n, 'node'))) {
    try {
      const path = `/api/v1/nodes/${encodeURIComponent(name)}`;
      const node = await conn.client.request<KubeObj>({ method: 'GET', path });
      if (Boolean((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) === unschedulable) {
        s.io.out(`node/${name} already ${word}\n`);
        continue;
      }
      await conn.client.request({ method: 'PATCH', path, body: { spec: { unschedulable: unschedulable || null } }, contentType: 'application/strategic-merge-patch+json' });
      s.io.out(`node/${name} ${word}\n`);
    } catch (e: unknown) {
      failed.push(name);
      s.io.err(errorText(e, conn.server));
    }
  }
  return failed;
}

export async function run(s: Session, args: string[]): Promise<number> {
  return (await setUnschedulable(s, args, true)).length ? 1 : 0;
}
