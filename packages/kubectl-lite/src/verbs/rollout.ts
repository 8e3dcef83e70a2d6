/**
 * `kubectl rollout status|restart|pause|resume deployment NAME` (`TYPE/NAME`): status polls the
 * Deployment and prints kubectl's progress lines until it has rolled out (`--watch=false`: once;
 * `--timeout`); restart stamps `kubectl.kubernetes.io/restartedAt` on the pod template; pause and
 * resume set `spec.paused`. (history and undo are not here: they read the ReplicaSets a
 * Deployment controller writes.)
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/rollout/, .../pkg/polymorphichelpers
 * (statusviewer.go, objectrestarter.go, objectpauser.go, objectresumer.go)
 */
import { parseDuration } from '@miniplane/api/goDuration';
import { CliError, UsageError, errorText } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import type { KubeObj } from '../output/printObjects.js';
import { resolveTargets } from '../resourceArgs.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'timeout', type: 'string' },
  { name: 'revision', type: 'int' },
];

interface Deployment {
  metadata: { name: string; generation?: number; annotations?: Record<string, string> };
  spec: { replicas?: number; paused?: boolean };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number; conditions?: { type: string; reason?: string }[] };
}

/** kubectl's DeploymentStatusViewer: the line to print and whether the rollout is done. */
export function deploymentStatus(d: Deployment): { text: string; done: boolean } {
  const name = d.metadata.name;
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
  if (st.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) throw new CliError(`deployment "${name}" exceeded its progress deadline`);
  const want = d.spec.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  if (updated < want) return { text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`, done: false };
  if ((st.replicas ?? 0) > updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
  if ((st.availableReplicas ?? 0) < updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
  return { text: `deployment "${name}" successfully rolled out\n`, done: true };
}

async function status(s: Session, path: string): Promise<void> {
  const conn = await s.conn();
  const watch = s.flags.has('watch') ? s.flags.bool('watch') : true;
  const timeout = s.flags.string('timeout') && s.flags.string('timeout') !== '0s' ? parseDuration(s.flags.string('timeout')!) : Infinity;
  const end = Date.now() + timeout;
  let last = '';
  for (;;) {
    const d = await conn.client.request<Deployment>({ method: 'GET', path });
    const { text, done } = deploymentStatus(d);
    if (text !== last) s.io.out(text);
    last = text;
    if (done || !watch) return;
    if (Date.now() > end) throw new CliError('timed out waiting for the condition');
    await new Promise((res) => setTimeout(res, 500));
  }
}

export async function run(s: Session, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!['status', 'restart', 'pause', 'resume'].includes(sub ?? '')) throw new UsageError(`unknown command "${sub ?? ''}" for "kubectl rollout" (kubectl-lite has: status, restart, pause, resume)`, 'rollout');
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  let failed = false;
  for (const t of await resolveTargets(disc, rest, `rollout ${sub}`)) {
    if (t.resource.kind !== 'Deployment') throw new CliError(`no ${sub === 'status' ? 'status viewer' : sub === 'restart' ? 'restarter' : sub === 'pause' ? 'pauser' : 'resumer'} has been implemented for ${t.resource.kind}`);
    for (const name of t.names) {
      const path = objectPath(t.resource, conn.namespace, name);
      const prefix = `${kindPrefix(t.resource)}/${name}`;
      try {
        if (sub === 'status') {
          await status(s, path);
          continue;
        }
        const d = await conn.client.request<KubeObj & Deployment>({ method: 'GET', path });
        const paused = Boolean(d.spec.paused);
        const gr = `${t.resource.name}.${t.resource.group}`;
        if (sub === 'pause' && paused) throw new CliError(`${gr} "${name}" is already paused`);
        if (sub === 'resume' && !paused) throw new CliError(`${gr} "${name}" is not paused`);
        if (sub === 'restart' && paused) throw new CliError(`${gr} "${name}" can't restart paused deployment (run rollout resume first)`);
        const patch = sub === 'restart'
          ? { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString().replace(/\.\d+Z$/, 'Z') } } } } }
          : { spec: { paused: sub === 'pause' ? true : null } };
        await conn.client.request({ method: 'PATCH', path, body: patch, contentType: 'application/strategic-merge-patch+json', query: { fieldManager: 'kubectl-rollout' } });
        s.io.out(`${prefix} ${sub === 'restart' ? 'restarted' : sub === 'pause' ? 'paused' : 'resumed'}\n`);
      } catch (e: unknown) {
        failed = true;
        s.io.err(errorText(e, conn.server));
      }
    }
  }
  return failed ? 1 : 0;
}
