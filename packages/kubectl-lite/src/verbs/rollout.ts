/**
 * `kubectl rollout status|restart|pause|resume deployment NAME` (`TYPE/NAME`; statefulsets:
 * rolloutStatefulSet.ts): status polls the Deployment and prints kubectl's progress lines until it has rolled out (`--watch=false`: once;
 * `--timeout`); restart stamps `kubectl.kubernetes.io/restartedAt` on the pod template; pause and
 * resume set `spec.paused`; history lists the revisions of the ReplicaSets the Deployment owns
 * (`deployment.kubernetes.io/revision`, CHANGE-CAUSE from `kubernetes.io/change-cause`), undo
 * puts the template of the previous (or `--to-revision`) one back.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/rollout/, .../pkg/polymorphichelpers
 * (statusviewer.go, objectrestarter.go, objectpauser.go, objectresumer.go)
 */
import { parseDuration } from '@miniplane/api/goDuration';
import { CliError, UsageError, eachReported } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import { listControlled } from '../fetch.js';
import { tabwriter } from '../output/tabwriter.js';
import { sameTemplate, withoutHash } from '../templateEquality.js';
import type { KubeObj } from '../output/printObjects.js';
import { resolveTargets } from '../resourceArgs.js';
import type { Session } from '../session.js';
import { statefulSetRevisions, statefulSetStatus, undoStatefulSet, type StatefulSet } from './rolloutStatefulSet.js';

export const flags: readonly FlagSpec[] = [
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'timeout', type: 'string' },
  { name: 'revision', type: 'int' },
  { name: 'to-revision', type: 'int' },
];

type Owned = KubeObj & { metadata: { annotations?: Record<string, string>; ownerReferences?: { uid: string; controller?: boolean }[] }; spec?: { template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } } };

/** The Deployment's ReplicaSets by revision (kubectl's deploymentutil.Revision). */
async function revisions(s: Session, d: KubeObj): Promise<Map<number, Owned>> {
  const conn = await s.conn();
  const rsR = await (await s.discovery()).resolve('replicasets.apps');
  const out = new Map<number, Owned>();
  for (const rs of rsR ? ((await listControlled(conn.client, rsR, d)) as Owned[]) : []) out.set(Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0), rs);
  return out;
}

/** A revision's pod template: a ReplicaSet's, or a ControllerRevision's patch (without its `$patch`). */
function templateOf(o: Owned): unknown {
  const data = (o as { data?: { spec?: { template?: Record<string, unknown> } } }).data;
  if (!data) return o.spec?.template;
  const { $patch: _replace, ...template } = data.spec?.template ?? {};
  return template;
}

function historyText(byRevision: Map<number, Owned>): string {
  if (!byRevision.size) return 'No rollout history found.\n';
  const rows = [...byRevision.keys()].sort((a, b) => a - b).map((r) => `${r}\t${byRevision.get(r)!.metadata.annotations?.['kubernetes.io/change-cause'] || '<none>'}\n`);
  return tabwriter(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, 0, 2) + '\n';
}

async function undo(s: Session, d: KubeObj, path: string): Promise<string> {
  const byRevision = await revisions(s, d);
  const name = d.metadata?.name ?? '';
  const sorted = [...byRevision.keys()].sort((a, b) => b - a);
  const to = s.flags.int('to-revision') || sorted[1];
  const rs = to !== undefined ? byRevision.get(to) : undefined;
  if (!rs) throw new CliError(byRevision.size ? `unable to find specified revision ${s.flags.int('to-revision') ?? ''} in history` : `no rollout history found for deployment "${name}"`);
  const template = withoutHash(rs.spec?.template);
  const current = (d.spec as { template?: unknown } | undefined)?.template;
  // kubectl names the revision asked for: 0 when --to-revision was not given
  if (sameTemplate(current, template)) return `skipped rollback (current template already matches revision ${s.flags.int('to-revision') ?? 0})`;
  const conn = await s.conn();
  await conn.client.request({ method: 'PATCH', path, body: [{ op: 'replace', path: '/spec/template', value: template }], contentType: 'application/json-patch+json', query: { fieldManager: 'kubectl-rollout' } });
  return 'rolled back';
}

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

async function status(s: Session, path: string, kind: string): Promise<void> {
  const conn = await s.conn();
  const watch = s.flags.has('watch') ? s.flags.bool('watch') : true;
  const timeout = s.flags.string('timeout') && s.flags.string('timeout') !== '0s' ? parseDuration(s.flags.string('timeout')!) : Infinity;
  const end = Date.now() + timeout;
  let last = '';
  for (;;) {
    const obj = await conn.client.request<Deployment & StatefulSet>({ method: 'GET', path });
    const { text, done } = kind === 'StatefulSet' ? statefulSetStatus(obj) : deploymentStatus(obj);
    if (text !== last) s.io.out(text);
    last = text;
    if (done || !watch) return;
    if (Date.now() > end) throw new CliError('timed out waiting for the condition');
    await new Promise((res) => setTimeout(res, 500));
  }
}

export async function run(s: Session, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!['status', 'restart', 'pause', 'resume', 'history', 'undo'].includes(sub ?? '')) throw new UsageError(`unknown command "${sub ?? ''}" for "kubectl rollout"`, 'rollout');
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  let code = 0;
  for (const t of await resolveTargets(disc, rest, `rollout ${sub}`)) {
    const sts = t.resource.kind === 'StatefulSet' && t.resource.group === 'apps';
    if (t.resource.kind !== 'Deployment' && !sts) {
      const what = { status: 'status viewer', restart: 'restarter', pause: 'pauser', resume: 'resumer', history: 'history viewer', undo: 'rollbacker' }[sub as 'status'];
      if (sub === 'history' && t.resource.group !== 'apps') throw new CliError(`error retrieving history for "${t.resource.kind}", no visitor method exists for {${t.resource.group} ${t.resource.kind}}`);
      throw new CliError(sub === 'history' || sub === 'undo' ? `no ${what} has been implemented for "${t.resource.kind}.${t.resource.group}"` : `no ${what} has been implemented for ${t.resource.kind}`);
    }
    const failed = await eachReported(t.names, s.io, conn.server, async (name) => {
      const path = objectPath(t.resource, conn.namespace, name);
      const prefix = `${kindPrefix(t.resource)}/${name}`;
      if (sub === 'status') {
        await status(s, path, t.resource.kind);
        return;
      }
      const d = await conn.client.request<KubeObj & Deployment & StatefulSet>({ method: 'GET', path });
      if (sub === 'history') {
        const byRevision: Map<number, Owned> = sts ? await statefulSetRevisions(s, d) : await revisions(s, d);
        const revision = s.flags.int('revision');
        if (!revision) {
          s.io.out(`${prefix} \n${historyText(byRevision)}`);
          return;
        }
        const one = byRevision.get(revision);
        if (!one) throw new CliError('unable to find the specified revision');
        const { podTemplateText } = await import('../describe/workloads.js');
        s.io.out(`${prefix} with revision #${revision}\n${podTemplateText(templateOf(one) as never)}\n`);
        return;
      }
      if (sub === 'undo') {
        s.io.out(`${prefix} ${sts ? await undoStatefulSet(s, d, path) : await undo(s, d, path)}\n`);
        return;
      }
      const paused = Boolean(d.spec.paused);
      const gr = `${t.resource.name}.${t.resource.group}`;
      if (sts && (sub === 'pause' || sub === 'resume')) throw new CliError(`${gr} "${name}" ${sub === 'pause' ? 'pausing' : 'resuming'} is not supported`);
      if (sub === 'pause' && paused) throw new CliError(`${gr} "${name}" is already paused`);
      if (sub === 'resume' && !paused) throw new CliError(`${gr} "${name}" is not paused`);
      if (sub === 'restart' && paused) throw new CliError(`${gr} "${name}" can't restart paused deployment (run rollout resume first)`);
      const patch = sub === 'restart'
        ? { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString().replace(/\.\d+Z$/, 'Z') } } } } }
        : { spec: { paused: sub === 'pause' ? true : null } };
      await conn.client.request({ method: 'PATCH', path, body: patch, contentType: 'application/strategic-merge-patch+json', query: { fieldManager: 'kubectl-rollout' } });
      s.io.out(`${prefix} ${sub === 'restart' ? 'restarted' : sub === 'pause' ? 'paused' : 'resumed'}\n`);
    });
    code = Math.max(code, failed);
  }
  return code;
}
