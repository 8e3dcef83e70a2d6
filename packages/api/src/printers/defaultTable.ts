/**
 * The table kube-apiserver serves for kinds without a dedicated printer.
 *
 * Contract: pure. Columns `Name` (format name) and `Created At` (type `date`); cells are the
 * object's name and its creationTimestamp as UTC RFC3339 with second precision (the zero time
 * `0001-01-01T00:00:00Z` when unset). Unlike kubectl's client-side fallback (NAME, AGE), the
 * server shows the timestamp, not an age.
 * Upstream: staging/src/k8s.io/apiserver/pkg/registry/rest/table.go (defaultTableConvertor)
 */
import type { KubeObject } from '../types.js';
import { formatRFC3339 } from './age.js';
import { column, columns, nameColumn } from './columns.js';
import { objectMetaDoc } from './descriptions.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

export const defaultColumns = columns(
  nameColumn,
  column('Created At', objectMetaDoc.creationTimestamp, { type: 'date' }),
);

export const defaultPrinter: KindPrinter = {
  columns: defaultColumns,
  print(obj: KubeObject): PrintedRow {
    return { cells: [obj.metadata.name ?? '', formatRFC3339(obj.metadata.creationTimestamp)] };
  },
};
