/**
 * `kubectl wait --for=condition=C[=V] | --for=jsonpath='{...}'[=V] | --for=delete | --for=create`
 * on `TYPE NAME...`, `TYPE/NAME`, `-l`, `--all`, with `--timeout` (default 30s): polls each object
 * until the condition holds, then prints `kind/name condition met`.
 *
 * Contract: a condition's status compares case-insensitively with V (default True); a jsonpath
 * without `=V` waits for the field to exist; a timeout is kubectl's `timed out waiting for the
 * condition on <resource>/<name>` error, exit 1.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/wait/{wait.go,condition.go,json.go,delete.go}
 */
import { parseDuration } from '@miniplane/api/goDuration';
import { CliError, eachReported } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import { compile, evaluate, valueText } from '../output/jsonpath.js';
import type { KubeObj } from '../output/printObjects.js';
import { resolveTargets, targetNamespace, targetObjects, type TargetObject } from '../resourceArgs.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'for', type: 'string' },
  { name: 'timeout', type: 'string' },
  commonFlags.selector,
  { name: 'all', type: 'bool' },
  commonFlags.allNamespaces,
];

type Check = (o: KubeObj | undefined) => boolean;

function checkFor(spec: string): Check {
  if (spec === 'delete') return (o) => o === undefined;
  if (spec === 'create') return (o) => o !== undefined;
  if (spec.startsWith('condition=')) {
    const [type, value = 'true'] = spec.slice('condition='.length).split('=');
    return (o) => {
      const conds = ((o?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []);
      return conds.some((c) => c.type.toLowerCase() === type!.toLowerCase() && c.status.toLowerCase() === value.toLowerCase());
    };
  }
  if (spec.startsWith('jsonpath=')) {
    const rest = spec.slice('jsonpath='.length);
    const close = rest.lastIndexOf('}');
    const expr = close >= 0 ? rest.slice(0, close + 1) : rest;
    const want = close >= 0 && rest[close + 1] === '=' ? rest.slice(close + 2) : undefined;
    const path = compile(expr.startsWith('{') ? expr : `{${expr}}`).find((n) => n.t === 'path');
    if (!path || path.t !== 'path') throw new CliError(`jsonpath expression ${expr} is not valid`);
    return (o) => {
      if (!o) return false;
      const got = evaluate(o, path.steps);
      return want === undefined ? got.length > 0 : got.length === 1 && valueText(got[0]) === want;
    };
  }
  throw new CliError(`unrecognized condition: "${spec}"`);
}

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const spec = f.string('for');
  if (!spec) throw new CliError('--for must be specified');
  const check = checkFor(spec);
  const timeout = f.string('timeout') ? parseDuration(f.string('timeout')!) : 30_000;
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const items: TargetObject[] = [];
  for (const t of await resolveTargets(disc, args, 'wait')) {
    items.push(...(await targetObjects(conn.client, t, targetNamespace(t, conn.namespace, f.bool('all-namespaces')), { labelSelector: f.string('selector') })));
  }
  if (!items.length) throw new CliError('no matching resources found');
  const end = Date.now() + timeout;
  return eachReported(items, s.io, conn.server, async (w) => {
    let gone = false;
    for (let first = true; ; first = false) {
      let obj: KubeObj | undefined;
      try {
        obj = await conn.client.request<KubeObj>({ method: 'GET', path: objectPath(w.resource, w.namespace, w.name) });
      } catch (e: unknown) {
        if ((e as { code?: number }).code !== 404) throw e;
        if (first && spec !== 'delete' && spec !== 'create') throw e;
        // kubectl prints nothing for an object that was already gone
        gone = first && spec === 'delete';
      }
      if (check(obj)) break;
      if (Date.now() > end) throw new CliError(`timed out waiting for the condition on ${w.resource.name}/${w.name}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    if (!gone) s.io.out(`${kindPrefix(w.resource)}/${w.name} condition met\n`);
  });
}
