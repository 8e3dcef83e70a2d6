/**
 * `kubectl-lite sim`: the demo helpers kubectl has no verb for, kept apart from kubectl's verbs.
 *
 *   sim unready POD...   make the pods' readiness probes fail (miniplane's simulated kubelet reads
 *                        the annotation `miniplane.dev/ready: "false"`): READY 0/1, the pod leaves
 *                        its Services' ready endpoints
 *   sim ready POD...     make them pass again (the annotation removed)
 *
 *   sim node add|remove|stop|restart NAME...   the simulated nodes' controls (simNode.ts)
 *
 * Contract: one merge patch per pod; prints `pod/NAME readiness probe failing|passing`; a missing
 * pod is kubectl's NotFound error.
 */
import { UsageError, eachReported } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import type { Session } from '../session.js';
import { bareName } from '../resourceArgs.js';

export const flags: readonly FlagSpec[] = [];

export const readyAnnotation = 'miniplane.dev/ready';

export async function run(s: Session, args: string[]): Promise<number> {
  const [sub, ...pods] = args;
  if (sub !== 'ready' && sub !== 'unready') {
    if (sub === 'node') return (await import('./simNode.js')).runSimNode(s, pods);
    throw new UsageError(`unknown command "${sub ?? ''}" for "kubectl-lite sim" (ready, unready, node)`, 'sim');
  }
  if (!pods.length) throw new UsageError('at least one pod name is required', `sim ${sub}`);
  const conn = await s.conn();
  return eachReported(pods.map((p) => bareName(p, 'pod')), s.io, conn.server, async (name) => {
    await conn.client.request({
      method: 'PATCH', path: `/api/v1/namespaces/${encodeURIComponent(conn.namespace)}/pods/${encodeURIComponent(name)}`,
      body: { metadata: { annotations: { [readyAnnotation]: sub === 'unready' ? 'false' : null } } }, contentType: 'application/merge-patch+json',
      query: { fieldManager: 'kubectl-lite-sim' },
    });
    s.io.out(`pod/${name} readiness probe ${sub === 'unready' ? 'failing' : 'passing'}\n`);
  });
}
