/**
 * `kubectl delete`: by `TYPE NAME...`, `TYPE/NAME`, `-f`, `-l`, `--all` (`-A` for every
 * namespace), with `--grace-period`, `--force`, `--wait` (default: until the objects are gone),
 * `--ignore-not-found`, `--now`, `--timeout`.
 *
 * Contract: one DELETE per object (propagationPolicy Background, as kubectl sends), printing
 * `kind "name" deleted` (`force deleted` with `--force --grace-period=0`, after kubectl's
 * warning); failures in kubectl's words after the successes, exit 1; a selector matching nothing
 * prints `No resources found`.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go
 */
import { parseDuration } from '@miniplane/api/goDuration';
import type { RestClient } from '@miniplane/client/restClient';
import { CliError, errorText } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import { readManifests } from '../manifests.js';
import { objectTarget } from '../objectTarget.js';
import { resolveTargets, targetNamespace, targetObjects, type TargetObject } from '../resourceArgs.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  commonFlags.filename,
  commonFlags.recursive,
  commonFlags.selector,
  { name: 'field-selector', type: 'string' },
  { name: 'all', type: 'bool' },
  commonFlags.allNamespaces,
  { name: 'grace-period', type: 'int' },
  { name: 'force', type: 'bool' },
  { name: 'now', type: 'bool' },
  { name: 'wait', type: 'bool' },
  { name: 'timeout', type: 'string' },
  { name: 'ignore-not-found', type: 'bool' },
  commonFlags.output,
  { name: 'cascade', type: 'string', noOptValue: 'background' },
];

async function collect(s: Session, args: string[]): Promise<TargetObject[]> {
  const f = s.flags;
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  if (f.strings('filename').length) {
    const out: TargetObject[] = [];
    for (const m of await readManifests(f.strings('filename'), f.bool('recursive'), s.io)) {
      const t = await objectTarget(disc, conn, m);
      out.push({ resource: t.resource, namespace: t.namespace, name: t.name });
    }
    return out;
  }
  const targets = await resolveTargets(disc, args, 'delete');
  const selecting = f.bool('all') || f.string('selector') !== undefined || f.string('field-selector') !== undefined;
  const out: TargetObject[] = [];
  for (const t of targets) {
    if (!t.names.length && !selecting) throw new CliError('resource(s) were provided, but no name was specified');
    const ns = targetNamespace(t, conn.namespace, f.bool('all-namespaces'));
    out.push(...(await targetObjects(conn.client, t, ns, { labelSelector: f.string('selector'), fieldSelector: f.string('field-selector') })));
  }
  return out;
}

function deleteOptions(s: Session): Record<string, unknown> {
  const f = s.flags;
  let grace = f.int('grace-period');
  if (f.bool('now')) grace = 1;
  if (f.bool('force') && (grace === undefined || grace < 0)) grace = 0;
  const cascade = f.string('cascade') ?? 'background';
  const policy = cascade === 'orphan' || cascade === 'false' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background';
  return { kind: 'DeleteOptions', apiVersion: 'v1', ...(grace !== undefined && grace >= 0 ? { gracePeriodSeconds: grace } : {}), propagationPolicy: policy };
}

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const doomed = await collect(s, args);
  const conn = await s.conn();
  const body = deleteOptions(s);
  const force = body.gracePeriodSeconds === 0;
  if (force) s.io.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  if (doomed.length === 0) {
    if (!f.bool('ignore-not-found')) s.io.out('No resources found\n');
    return 0;
  }
  const errors: unknown[] = [];
  const deleted: TargetObject[] = [];
  for (const d of doomed) {
    try {
      await conn.client.request({ method: 'DELETE', path: objectPath(d.resource, d.namespace, d.name), body });
      deleted.push(d);
      s.io.out(f.string('output') === 'name' ? `${kindPrefix(d.resource)}/${d.name}\n` : `${kindPrefix(d.resource)} "${d.name}" ${force ? 'force deleted' : 'deleted'}\n`);
    } catch (e: unknown) {
      if (!(f.bool('ignore-not-found') && (e as { code?: number }).code === 404)) errors.push(e);
    }
  }
  const wait = f.has('wait') ? f.bool('wait') : true;
  if (wait && deleted.length) await waitGone(conn.client, deleted, timeoutMs(f.string('timeout')), errors);
  for (const e of errors) s.io.err(errorText(e, conn.server));
  return errors.length ? 1 : 0;
}

function timeoutMs(text: string | undefined): number {
  if (!text || text === '0' || text === '0s') return 7 * 24 * 3600 * 1000;
  return parseDuration(text);
}

/** Polls each deleted object until it is gone (finalizers, graceful deletion) or the timeout. */
async function waitGone(client: RestClient, deleted: TargetObject[], timeout: number, errors: unknown[]): Promise<void> {
  const end = Date.now() + timeout;
  for (const d of deleted) {
    for (;;) {
      try {
        await client.request({ method: 'GET', path: objectPath(d.resource, d.namespace, d.name) });
      } catch (e: unknown) {
        if ((e as { code?: number }).code === 404) break;
        throw e;
      }
      if (Date.now() > end) {
        errors.push(new CliError(`timed out waiting for the condition on ${d.resource.name}/${d.name}`));
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
