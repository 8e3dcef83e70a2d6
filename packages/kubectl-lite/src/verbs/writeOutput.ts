/**
 * What a writing verb prints per object: kubectl's `kind/name <operation>` line (with
 * ` (dry run)` / ` (server dry run)`), or the object in `-o` format.
 *
 * Upstream: staging/src/k8s.io/cli-runtime/pkg/printers/name.go (operation printing)
 */
import { kindPrefix, type ApiResource } from '../discovery.js';
import { commonFlags, writeOutputFlags, type FlagSpec } from '../flags.js';
import { printObjects, type KubeObj } from '../output/printObjects.js';
import { withoutManagedFields } from './get.js';

export function operationLine(r: Pick<ApiResource, 'kind' | 'group'>, name: string, operation: string, dryRun: string | undefined): string {
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return `${kindPrefix(r)}/${name} ${operation}${suffix}\n`;
}

/** The text for one written object: `-o` output if asked, else the operation line. */
export function writtenText(r: Pick<ApiResource, 'kind' | 'group'>, obj: KubeObj, operation: string, output: string | undefined, dryRun: string | undefined): string {
  if (output === 'name') return `${kindPrefix(r)}/${obj.metadata?.name ?? ''}\n`;
  if (output) return printObjects([withoutManagedFields(obj)], output, true);
  return operationLine(r, obj.metadata?.name ?? '', operation, dryRun);
}

/** `--dry-run` as kubectl reads it: bare means client; none, client or server. */
export function dryRunOf(value: string | undefined): 'client' | 'server' | undefined {
  if (value === undefined || value === 'none') return undefined;
  if (value === 'client' || value === 'true' || value === '') return 'client';
  if (value === 'server') return 'server';
  throw new Error(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}

/** The flags every verb that writes objects from `-f` takes. */
export const writeFlags: readonly FlagSpec[] = [
  commonFlags.filename,
  commonFlags.recursive,
  ...writeOutputFlags,
  { name: 'validate', type: 'string', noOptValue: 'true' },
];
