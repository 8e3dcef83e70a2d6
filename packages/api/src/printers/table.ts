/**
 * Server-side printing: objects of one kind → a `meta.k8s.io/v1` Table, as kube-apiserver
 * answers `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`.
 *
 * Contract: pure; the clock is `options.now`; inputs are never mutated (row objects are shallow
 * copies that share nested values with the inputs: treat them as frozen).
 * - One row per object, in input order. Cells always include the `-o wide` (priority 1) columns,
 *   because the apiserver prints with Wide=true and lets kubectl hide them.
 * - Kinds without a printer get the default convertor's `Name` + `Created At` (RFC3339) table.
 * - `includeObject`: `Metadata` (default) → PartialObjectMetadata, `Object` → the object with
 *   kind/apiVersion filled in, `None` → no `object` field.
 * - `listMeta` becomes `metadata` (pass the list's resourceVersion/continue, or for a single GET
 *   the object's resourceVersion, as GenerateTable does). `noHeaders` (watch events after the
 *   first) leaves `columnDefinitions` empty.
 * Upstream: pkg/printers/tablegenerator.go, pkg/printers/internalversion/printers.go,
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go (includeObject)
 */
import { builtinPrinter } from '../kinds/index.js';
import type { KubeObject, ListMeta, ObjectMeta } from '../types.js';
import { defaultPrinter } from './defaultTable.js';
import type { KindPrinter, TableCell, TableColumnDefinition, TableRowCondition } from './kindPrinter.js';

export type { KindPrinter, PrintedRow, TableCell, TableColumnDefinition, TableRowCondition } from './kindPrinter.js';

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  object?: KubeObject | PartialObjectMetadata;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface PrintOptions {
  /** The clock for every age cell. */
  now: Date;
  /** Default `Metadata`. */
  includeObject?: IncludeObject;
  /** Copied into the Table's metadata (resourceVersion, continue, remainingItemCount). */
  listMeta?: ListMeta;
  /** Omit column definitions (watch events after the first). */
  noHeaders?: boolean;
  /** The kind's printer and apiVersion (a server passes its scheme's); default: the built-in kind's. */
  printer?: KindPrinter;
  apiVersion?: string;
}

function printerFor(kind: string): KindPrinter {
  return builtinPrinter(kind)?.printer ?? defaultPrinter;
}

/** The column definitions `printTable` uses for built-in `kind` (the default table for unknown kinds). */
export function columnDefinitionsFor(kind: string): readonly TableColumnDefinition[] {
  return printerFor(kind).columns;
}

function rowObject(kind: string, obj: KubeObject, mode: IncludeObject, kindApiVersion: string | undefined): TableRow['object'] {
  switch (mode) {
    case 'None':
      return undefined;
    case 'Object': {
      const apiVersion = obj.apiVersion || kindApiVersion;
      return { ...obj, kind: obj.kind ?? kind, ...(apiVersion ? { apiVersion } : {}) };
    }
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { ...obj.metadata } };
  }
}

function tableMeta(listMeta: ListMeta | undefined): ListMeta {
  const meta: ListMeta = {};
  if (listMeta?.resourceVersion) meta.resourceVersion = listMeta.resourceVersion;
  if (listMeta?.continue) meta.continue = listMeta.continue;
  if (listMeta?.remainingItemCount !== undefined) meta.remainingItemCount = listMeta.remainingItemCount;
  return meta;
}

export function printTable(kind: string, objects: readonly KubeObject[], options: PrintOptions): Table {
  const printer = options.printer ?? printerFor(kind);
  const kindApiVersion = options.apiVersion ?? builtinPrinter(kind)?.apiVersion;
  const mode = options.includeObject ?? 'Metadata';
  const rows = objects.map((obj): TableRow => {
    const printed = printer.print(obj, options.now);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions;
    const object = rowObject(kind, obj, mode, kindApiVersion);
    if (object) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: tableMeta(options.listMeta),
    columnDefinitions: options.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
