/**
 * `kubectl get`: tables from the server's Tables (with `-o wide`, `-A`, `--show-labels`, `-L`,
 * `--sort-by`, `--no-headers`), object outputs (`-o yaml|json|name|jsonpath=|custom-columns=`),
 * and `-w`/`--watch-only`.
 *
 * Contract: found objects print on stdout; each failure (NotFound of a named object, ...) prints
 * on stderr after them, in kubectl's words, and the exit code is 1; nothing found and no error
 * prints `No resources found in NS namespace.` (or `No resources found`) on stderr, exit 0.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go
 */
import { CliError, RawError, errorText } from '../errors.js';

const noResourceText = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;
import { commonFlags, type FlagSpec } from '../flags.js';
import { getObject, getTable, listObjects, listTable, type TableList } from '../fetch.js';
import { kindPrefix, type ApiResource } from '../discovery.js';
import { resolveTargets, type Target } from '../resourceArgs.js';
import type { Session } from '../session.js';
import type { KubeObj } from '../output/printObjects.js';
import { tableCells, tabwrite, type TableRowData } from '../output/tableText.js';

export const flags: readonly FlagSpec[] = [
  commonFlags.output,
  commonFlags.selector,
  { name: 'field-selector', type: 'string' },
  commonFlags.allNamespaces,
  { name: 'show-labels', type: 'bool' },
  { name: 'label-columns', short: 'L', type: 'strings' },
  { name: 'sort-by', type: 'string' },
  { name: 'no-headers', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
  { name: 'chunk-size', type: 'int' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'show-kind', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
];

interface Fetched {
  resource: ApiResource;
  /** Table mode. */
  table?: TableList;
  /** Object mode. */
  objects?: KubeObj[];
}

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const output = f.string('output');
  if (output !== undefined && output !== 'wide' && !/^(yaml|json|name|jsonpath(-as-json)?=.*|custom-columns=.*)$/s.test(output)) {
    const { allowedFormats } = await import('../output/printObjects.js');
    throw new CliError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${allowedFormats}`);
  }
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  if (args.length === 0) throw new RawError(noResourceText);
  const targets = await resolveTargets(disc, args, 'get');
  const allNs = f.bool('all-namespaces');
  const namespace = allNs ? undefined : conn.namespace;
  if (f.bool('watch') || f.bool('watch-only')) {
    if (targets.length !== 1) throw new CliError('you may only specify a single resource type');
    const { watch } = await import('./getWatch.js');
    return watch(s, conn.client, targets[0]!, namespace);
  }
  // -o wide and the default print the server's Tables; every other -o prints objects
  const objectMode = output !== undefined && output !== 'wide';
  const errors: unknown[] = [];
  const fetched: Fetched[] = [];
  for (const t of targets) {
    const ns = t.resource.namespaced ? namespace : undefined;
    try {
      fetched.push(await fetchTarget(s, conn.client, t, ns, objectMode, errors));
    } catch (e: unknown) {
      errors.push(e);
    }
  }
  const single = targets.length === 1 && targets[0]!.names.length === 1 && !args[0]!.includes(',');
  const withKind = f.bool('show-kind') || targets.length > 1;
  const sortBy = f.string('sort-by') ? (await import('../output/sortBy.js')).sortByPath : undefined;
  const text = objectMode ? printAsObjects(s, fetched, output!, single, await import('../output/printObjects.js'), sortBy) : printAsTables(s, fetched, allNs, withKind, sortBy);
  s.io.out(text);
  if (!text && errors.length === 0 && !f.bool('ignore-not-found') && !objectMode) {
    const allNamespaced = !allNs && targets.every((t) => t.resource.namespaced);
    s.io.err(allNamespaced ? `No resources found in ${conn.namespace} namespace.\n` : 'No resources found\n');
  }
  for (const e of errors) s.io.err(errorText(e, conn.server));
  return errors.length ? 1 : 0;
}

async function fetchTarget(s: Session, client: Parameters<typeof listTable>[0], t: Target, ns: string | undefined, objectMode: boolean, errors: unknown[]): Promise<Fetched> {
  const f = s.flags;
  const sortBy = f.string('sort-by');
  const ignore = f.bool('ignore-not-found');
  if (t.names.length === 0) {
    const o = { namespace: ns, labelSelector: f.string('selector'), fieldSelector: f.string('field-selector'), chunkSize: f.int('chunk-size'), includeObject: Boolean(sortBy) };
    if (objectMode) return { resource: t.resource, objects: (await listObjects(client, t.resource, o)).items };
    return { resource: t.resource, table: await listTable(client, t.resource, o) };
  }
  const out: Fetched = { resource: t.resource, objects: objectMode ? [] : undefined };
  for (const name of t.names) {
    try {
      if (objectMode) out.objects!.push(await getObject(client, t.resource, ns, name));
      else {
        const one = await getTable(client, t.resource, ns, name, Boolean(sortBy));
        if (!out.table) out.table = one;
        else out.table.rows.push(...one.rows);
      }
    } catch (e: unknown) {
      if (!(ignore && (e as { code?: number }).code === 404)) errors.push(e);
    }
  }
  return out;
}

type SortBy = typeof import('../output/sortBy.js').sortByPath;

function printAsObjects(s: Session, fetched: Fetched[], output: string, single: boolean, printers: typeof import('../output/printObjects.js'), sortByPath: SortBy | undefined): string {
  let objects = fetched.flatMap((x) => x.objects ?? []);
  if (!s.flags.bool('show-managed-fields')) objects = objects.map(withoutManagedFields);
  const sortBy = s.flags.string('sort-by');
  if (sortBy && sortByPath) objects = sortByPath(objects, sortBy, (o) => o);
  if (objects.length === 0 && (output === 'name' || single)) return '';
  return printers.printObjects(objects, output, single, s.flags.bool('no-headers'));
}

function printAsTables(s: Session, fetched: Fetched[], allNs: boolean, withKind: boolean, sortByPath: SortBy | undefined): string {
  const f = s.flags;
  const nonEmpty = fetched.filter((x) => x.table && x.table.rows.length > 0);
  const parts: string[] = [];
  for (const x of nonEmpty) {
    let rows: TableRowData[] = x.table!.rows;
    const sortBy = f.string('sort-by');
    if (sortBy && sortByPath) rows = sortByPath(rows, sortBy, (r) => r.object);
    const cells = tableCells({ columnDefinitions: x.table!.columnDefinitions, rows }, {
      wide: f.string('output') === 'wide', noHeaders: f.bool('no-headers'), withNamespace: allNs && x.resource.namespaced,
      kindPrefix: withKind ? kindPrefix(x.resource) : undefined, showLabels: f.bool('show-labels'), labelColumns: f.strings('label-columns'),
    });
    parts.push(tabwrite(cells));
  }
  return parts.join(f.bool('no-headers') ? '' : '\n');
}

/** kubectl hides `metadata.managedFields` from object outputs unless `--show-managed-fields`. */
export function withoutManagedFields(o: KubeObj): KubeObj {
  if (!o.metadata || !('managedFields' in o.metadata)) return o;
  const { managedFields: _, ...metadata } = o.metadata as Record<string, unknown>;
  return { ...o, metadata };
}
