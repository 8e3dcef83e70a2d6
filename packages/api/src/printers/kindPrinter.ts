/**
 * What a kind's printer is: its column definitions and a row function, and the cell and column
 * types of a Table. Types only, so the printers and the table generator that runs them depend on
 * this module rather than on each other.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go (TableColumnDefinition,
 * TableRowCondition), pkg/printers/tablegenerator.go
 */
import type { KubeObject } from '../types.js';

/** A cell value as it travels in JSON (`interface{}` upstream: strings, int64s, bools). */
export type TableCell = string | number | boolean | null;

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** What a kind printer produces for one object; printTable adds the row object. */
export interface PrintedRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

/** A kind's columns and its row function (printers.go `printX`, always Wide). */
export interface KindPrinter {
  readonly columns: readonly TableColumnDefinition[];
  print(obj: KubeObject, now: Date): PrintedRow;
}
