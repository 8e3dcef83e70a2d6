/**
 * `kubectl-lite sim node add|remove|stop|restart NAME...`: the simulated nodes' controls, written
 * through the API to the Node objects, which miniplane's nodes component (`miniplane nodes`, and
 * the one inside `miniplane up`) obeys:
 *
 *   add NAME       creates a Node labelled `miniplane.dev/simulated: "true"`; a nodes component
 *                  adopts it (a kubelet registers its status and Lease: it turns Ready, gets a
 *                  podCIDR, takes pods)
 *   remove NAME    deletes the Node, then its pods at once (grace period 0), as kube's pod garbage
 *                  collector deletes the pods of a node that is gone; their controllers replace them.
 *                  It does not leave them to miniplane's `pod-garbage-collector`: that one waits out
 *                  kube's 40 s quarantine (and a 20 s period), and may not be running at all
 *   stop NAME      annotates the Node `miniplane.dev/kubelet: stopped`: its kubelet stops (no Lease
 *                  renewals, no status); the node goes Unknown after the controllers'
 *                  --node-monitor-grace-period and its pods are evicted after their tolerations
 *   restart NAME   removes that annotation: the kubelet registers again (Ready) and resumes
 *
 * Contract: one write per node (remove: the Node's delete, then one delete per pod), printed as
 * `node/NAME added|removed|stopped|restarted`; errors in kubectl's words, exit 1 if any failed.
 * Upstream: none (kubectl has no verb for this; see packages/nodes/src/nodeControl.ts)
 */
import { errorText, UsageError } from '../errors.js';
import type { Session } from '../session.js';
import { bareName } from '../resourceArgs.js';

export const kubeletAnnotation = 'miniplane.dev/kubelet';
export const simulatedLabel = 'miniplane.dev/simulated';

const nodePath = (name: string) => `/api/v1/nodes/${encodeURIComponent(name)}`;

type Action = (s: Session, name: string) => Promise<string>;

const annotate = (value: string | null): Action => async (s, name) => {
  const conn = await s.conn();
  await conn.client.request({
    method: 'PATCH', path: nodePath(name), body: { metadata: { annotations: { [kubeletAnnotation]: value } } },
    contentType: 'application/merge-patch+json', query: { fieldManager: 'kubectl-lite-sim' },
  });
  return value ? 'stopped' : 'restarted';
};

const actions: Record<string, Action> = {
  add: async (s, name) => {
    const conn = await s.conn();
    await conn.client.request({
      method: 'POST', path: '/api/v1/nodes', query: { fieldManager: 'kubectl-lite-sim' },
      body: { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { [simulatedLabel]: 'true' } } },
    });
    return 'added';
  },
  remove: async (s, name) => {
    const conn = await s.conn();
    await conn.client.request({ method: 'DELETE', path: nodePath(name) });
    const pods = await conn.client.request<{ items?: { metadata: { name: string; namespace: string } }[] }>({
      method: 'GET', path: '/api/v1/pods', query: { fieldSelector: `spec.nodeName=${name}` },
    });
    for (const p of pods.items ?? []) {
      const path = `/api/v1/namespaces/${encodeURIComponent(p.metadata.namespace)}/pods/${encodeURIComponent(p.metadata.name)}`;
      await conn.client.request({ method: 'DELETE', path, body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } }).catch((e: unknown) => {
        if ((e as { code?: number }).code !== 404) throw e;
      });
    }
    return 'removed';
  },
  stop: annotate('stopped'),
  restart: annotate(null),
};

export async function runSimNode(s: Session, args: string[]): Promise<number> {
  const [sub, ...names] = args;
  const action = sub !== undefined && Object.hasOwn(actions, sub) ? actions[sub] : undefined;
  if (!action) throw new UsageError(`unknown command "${sub ?? ''}" for "kubectl-lite sim node" (add, remove, stop, restart)`, 'sim node');
  if (!names.length) throw new UsageError('at least one node name is required', `sim node ${sub}`);
  let failed = false;
  for (const name of names.map((n) => bareName(n, 'node'))) {
    try {
      s.io.out(`node/${name} ${await action(s, name)}\n`);
    } catch (e: unknown) {
      failed = true;
      s.io.err(errorText(e, await s.server()));
    }
  }
  return failed ? 1 : 0;
}
