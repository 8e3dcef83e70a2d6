/**
 * `kubectl label` and `kubectl annotate`: `TYPE NAME|-l SEL|--all key=value... key-...` with
 * `--overwrite`, sent as a JSON merge patch of `metadata.labels`/`metadata.annotations`.
 *
 * Contract: a key that already has another value without `--overwrite` is kubectl's error; the
 * line printed is `kind/name labeled` (`unlabeled` when only removing, `not labeled` when nothing
 * changes; `annotated` for annotate).
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/label/label.go, .../annotate/annotate.go
 */
import { CliError, eachReported } from '../errors.js';
import { commonFlags, splitKeyValue, writeOutputFlags, type FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import { resolveTargets, targetNamespace, targetObjects } from '../resourceArgs.js';
import type { KubeObj } from '../output/printObjects.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'overwrite', type: 'bool' },
  commonFlags.selector,
  { name: 'all', type: 'bool' },
  commonFlags.allNamespaces,
  { name: 'list', type: 'bool' },
  { name: 'resource-version', type: 'string' },
  ...writeOutputFlags,
];

interface Changes {
  set: Record<string, string>;
  remove: string[];
}

function parseChanges(args: string[]): { resources: string[]; changes: Changes } {
  const changes: Changes = { set: {}, remove: [] };
  const resources: string[] = [];
  for (const a of args) {
    const kv = splitKeyValue(a);
    if (kv) changes.set[kv[0]] = kv[1];
    else if (a.endsWith('-') && resources.length) changes.remove.push(a.slice(0, -1));
    else resources.push(a);
  }
  return { resources, changes };
}

export function labelOrAnnotate(field: 'labels' | 'annotations') {
  const verb = field === 'labels' ? 'label' : 'annotate';
  return async (s: Session, args: string[]): Promise<number> => {
    const f = s.flags;
    const { resources, changes } = parseChanges(args);
    if (!Object.keys(changes.set).length && !changes.remove.length) throw new CliError(`at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
    const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
    let code = 0;
    for (const t of await resolveTargets(disc, resources, verb)) {
      const names = await targetObjects(conn.client, t, targetNamespace(t, conn.namespace, f.bool('all-namespaces')), { labelSelector: f.string('selector') });
      const failed = await eachReported(names, s.io, conn.server, async (o) => {
        const path = objectPath(t.resource, o.namespace, o.name);
        const live = await conn.client.request<KubeObj>({ method: 'GET', path });
        const current = (live.metadata?.[field] as Record<string, string> | undefined) ?? {};
        for (const [k, v] of Object.entries(changes.set)) {
          if (k in current && current[k] !== v && !f.bool('overwrite')) throw new CliError(`'${k}' already has a value (${current[k]}), and --overwrite is false`);
        }
        if (verb === 'label') for (const k of changes.remove) if (!(k in current)) s.io.out(`label "${k}" not found.\n`);
        const patch: Record<string, string | null> = { ...changes.set };
        for (const k of changes.remove) patch[k] = null;
        const changed = Object.entries(changes.set).some(([k, v]) => current[k] !== v) || changes.remove.some((k) => k in current);
        if (changed) await conn.client.request({ method: 'PATCH', path, body: { metadata: { [field]: patch } }, contentType: 'application/merge-patch+json', query: { fieldManager: f.string('field-manager') ?? `kubectl-${verb}` } });
        const word = verb === 'annotate' ? 'annotated' : !changed ? 'not labeled' : Object.keys(changes.set).length ? 'labeled' : 'unlabeled';
        s.io.out(`${kindPrefix(t.resource)}/${o.name} ${word}\n`);
      });
      code = Math.max(code, failed);
    }
    return code;
  };
}

export const run = labelOrAnnotate('labels');
