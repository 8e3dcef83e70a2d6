/**
 * Column-definition builders shared by every kind printer.
 *
 * Contract: pure; every definition carries all five wire fields (`name`, `type`, `format`,
 * `description`, `priority`) because metav1.TableColumnDefinition serialises them without
 * omitempty. Priority 0 columns always show; priority 1 columns only with `-o wide`.
 * Returned definitions are frozen: printers share them across tables.
 * Upstream: pkg/printers/internalversion/printers.go (AddHandlers)
 */
import { objectMetaDoc } from './descriptions.js';
import type { TableColumnDefinition } from './kindPrinter.js';

export interface ColumnOptions {
  /** OpenAPI type of the cells: `string` (default), `integer`, `boolean`, `date`. */
  type?: string;
  /** `name` marks the column kubectl prefixes with `kind/` under `--show-kind`. */
  format?: string;
  /** 1 = shown only with `-o wide`. */
  priority?: number;
}

export function column(name: string, description: string, opts: ColumnOptions = {}): TableColumnDefinition {
  return Object.freeze({
    name,
    type: opts.type ?? 'string',
    format: opts.format ?? '',
    description,
    priority: opts.priority ?? 0,
  });
}

/** A `-o wide` only column. */
export function wideColumn(name: string, description: string, opts: ColumnOptions = {}): TableColumnDefinition {
  return column(name, description, { ...opts, priority: 1 });
}

export const nameColumn = column('Name', objectMetaDoc.name, { format: 'name' });
export const ageColumn = column('Age', objectMetaDoc.creationTimestamp);

export function columns(...defs: TableColumnDefinition[]): readonly TableColumnDefinition[] {
  return Object.freeze(defs);
}
