/**
 * Server-side Tables printed as kubectl prints them: the priority-0 columns (all with `-o wide`),
 * headers upper-cased, NAMESPACE first with `-A`, `kind/` before names when several kinds are
 * printed, LABELS (`--show-labels`) and one column per `-L` key last, and cells aligned the way
 * Go's text/tabwriter aligns them (minwidth 6, padding 3, the last cell unpadded).
 *
 * Contract: pure; `tableCells` returns the rows (header first unless `noHeaders`), `tabwrite`
 * turns rows into text. A missing cell or label is `<none>`.
 * Upstream: staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go (printTable, printRows,
 * decorateTable), go/src/text/tabwriter
 */
import { tabwriter } from './tabwriter.js';

export interface TableColumn {
  name: string;
  type?: string;
  format?: string;
  priority?: number;
}

export interface TableRowData {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

export interface TableData {
  columnDefinitions: TableColumn[];
  rows: TableRowData[];
}

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  withNamespace?: boolean;
  /** `service` / `deployment.apps`: printed as `service/name` in the name column. */
  kindPrefix?: string;
  showLabels?: boolean;
  labelColumns?: string[];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** kubectl's LABELS cell: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function labelsText(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

export function tableCells(t: TableData, o: TableOptions): string[][] {
  const shown = t.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => o.wide || !c.priority);
  const rows: string[][] = [];
  if (!o.noHeaders) {
    const header = shown.map(({ c }) => c.name.toUpperCase());
    if (o.withNamespace) header.unshift('NAMESPACE');
    for (const l of o.labelColumns ?? []) header.push(labelHeader(l));
    if (o.showLabels) header.push('LABELS');
    rows.push(header);
  }
  for (const r of t.rows) {
    const cells = shown.map(({ c, i }) => {
      const text = cellText(r.cells[i]);
      return o.kindPrefix && c.format === 'name' ? `${o.kindPrefix}/${text}` : text;
    });
    const meta = r.object?.metadata;
    if (o.withNamespace) cells.unshift(meta?.namespace ?? '');
    for (const l of o.labelColumns ?? []) cells.push(meta?.labels?.[l] ?? '');
    if (o.showLabels) cells.push(labelsText(meta?.labels));
    rows.push(cells);
  }
  return rows;
}

/** `-L app.kubernetes.io/name` heads its column `NAME`: the part after the last `/`, upper-cased. */
function labelHeader(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).toUpperCase();
}

/** kubectl's table writer: text/tabwriter with minwidth 6 and padding 3 over tab-joined cells. */
export function tabwrite(rows: readonly string[][], remembered?: number[]): string {
  if (rows.length === 0) return '';
  return tabwriter(rows.map((r) => r.join('\t')).join('\n') + '\n', 6, 3, remembered);
}
