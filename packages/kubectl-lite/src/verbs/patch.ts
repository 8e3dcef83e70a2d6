/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]` (or `-f FILE`, `--patch-file`,
 * `--subresource`): sends the patch as given and prints `kind/name patched`, or
 * `patched (no change)` when the object came back unchanged.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { deepEqual } from '@miniplane/api/patch/jsonValue';
import { CliError, eachReported } from '../errors.js';
import { writeOutputFlags, type FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import { resolveTargets } from '../resourceArgs.js';
import type { KubeObj } from '../output/printObjects.js';
import type { Session } from '../session.js';
import { withoutManagedFields } from './get.js';
import { writtenText } from './writeOutput.js';

export const flags: readonly FlagSpec[] = [
  { name: 'patch', short: 'p', type: 'string' },
  { name: 'patch-file', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'subresource', type: 'string' },
  ...writeOutputFlags,
];

const contentTypes: Record<string, string> = {
  strategic: 'application/strategic-merge-patch+json', merge: 'application/merge-patch+json', json: 'application/json-patch+json',
};

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const type = f.string('type') ?? 'strategic';
  const contentType = contentTypes[type];
  if (!contentType) throw new CliError(`--type must be one of [json merge strategic], not "${type}"`);
  const text = f.string('patch') ?? (f.string('patch-file') ? readFileSync(f.string('patch-file')!, 'utf8') : undefined);
  if (text === undefined) throw new CliError('must specify --patch or --patch-file containing the contents of the patch');
  let body: unknown;
  try {
    body = parse(text, { version: '1.1' });
  } catch (e: unknown) {
    throw new CliError(`unable to parse "${text}": ${(e as Error).message}`);
  }
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const targets = await resolveTargets(disc, args, 'patch');
  let code = 0;
  for (const t of targets) {
    if (!t.names.length) throw new CliError('resource(s) were provided, but no name was specified');
    const ns = t.resource.namespaced ? conn.namespace : undefined;
    const sub = f.string('subresource') ? `/${f.string('subresource')}` : '';
    const failed = await eachReported(t.names, s.io, conn.server, async (name) => {
      const path = objectPath(t.resource, ns, name) + sub;
      const before = await conn.client.request<KubeObj>({ method: 'GET', path });
      const after = await conn.client.request<KubeObj>({
        method: 'PATCH', path, body: JSON.stringify(body), contentType,
        query: { fieldManager: f.string('field-manager') ?? 'kubectl-patch', dryRun: f.string('dry-run') === 'server' ? 'All' : undefined },
      });
      const changed = !deepEqual(withoutManagedFields(before), withoutManagedFields(after));
      if (f.string('output')) s.io.out(writtenText(t.resource, after, 'patched', f.string('output'), undefined));
      else s.io.out(`${kindPrefix(t.resource)}/${name} patched${changed ? '' : ' (no change)'}\n`);
    });
    code = Math.max(code, failed);
  }
  return code;
}
