/**
 * `kubectl edit TYPE NAME` (`TYPE/NAME`, `-o json`): opens the object as YAML (or JSON) in
 * `$KUBE_EDITOR`, `$EDITOR` or `vi`, and sends what changed as a patch (strategic merge for
 * built-in kinds, JSON merge otherwise): `kind/name edited`; an unchanged file is `Edit
 * cancelled, no changes made.`, an empty one `Edit cancelled, saved file was empty.`.
 *
 * Contract: the editor is started without a shell (its command split on spaces, the file path
 * appended); comment lines (`#`) are ignored; a failed save prints kubectl's error, exit 1.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/util/editor/{editoptions.go,editor.go}
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { patchMetaFor } from '@miniplane/api/patch/patchMeta';
import { deepEqual } from '@miniplane/api/patch/jsonValue';
import { threeWayPatch } from '../apply/threeWayPatch.js';
import { CliError } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import { goYaml } from '../output/goYaml.js';
import { goJsonIndent, type KubeObj } from '../output/printObjects.js';
import { resolveTargets } from '../resourceArgs.js';
import type { Session } from '../session.js';
import { builtInGroups } from './apply.js';
import { withoutManagedFields } from './get.js';

export const flags: readonly FlagSpec[] = [
  commonFlags.output,
  commonFlags.fieldManager,
];

const header = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

export async function run(s: Session, args: string[]): Promise<number> {
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const [t] = await resolveTargets(disc, args, 'edit');
  if (!t || t.names.length !== 1) throw new CliError('edit takes one resource and one name');
  const path = objectPath(t.resource, t.resource.namespaced ? conn.namespace : undefined, t.names[0]!);
  const original = withoutManagedFields(await conn.client.request<KubeObj>({ method: 'GET', path }));
  const json = s.flags.string('output') === 'json';
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-edit-'));
  try {
    const file = join(dir, `${t.resource.name}-${t.names[0]}.${json ? 'json' : 'yaml'}`);
    writeFileSync(file, header + (json ? goJsonIndent(original) + '\n' : goYaml(original)));
    const editor = (process.env.KUBE_EDITOR || process.env.EDITOR || 'vi').split(' ').filter(Boolean);
    const r = spawnSync(editor[0]!, [...editor.slice(1), file], { stdio: 'inherit' });
    if (r.status !== 0) throw new CliError(`there was a problem with the editor "${editor.join(' ')}"`);
    const text = readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
    if (!text.trim()) {
      s.io.err('Edit cancelled, saved file was empty.\n');
      return 0;
    }
    const edited = parse(text, { version: '1.1', uniqueKeys: false }) as KubeObj;
    if (deepEqual(edited, original)) {
      s.io.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    const strategic = builtInGroups.has(t.resource.group);
    const patch = threeWayPatch(original, edited, original, strategic ? patchMetaFor(t.resource.kind) : {}, strategic);
    await conn.client.request({
      method: 'PATCH', path, body: patch, contentType: strategic ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
      query: { fieldManager: s.flags.string('field-manager') ?? 'kubectl-edit', fieldValidation: 'Strict' },
    });
    s.io.out(`${kindPrefix(t.resource)}/${t.names[0]} edited\n`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
