/**
 * Go's text/tabwriter (left-aligned, space padding, no flags), which kubectl prints every table
 * and description through: a cell is text ended by a tab; a column's width is set per block of
 * consecutive lines that have a cell in that column (the widest cell plus padding, at least
 * minwidth); a line's last cell (after its last tab) is not aligned; an empty cell still pads.
 *
 * Contract: `tabwriter(text, minwidth, padding)` returns the aligned text. Widths count
 * characters (runes), as Go does. With `remembered` (kubectl's fork of tabwriter, used by `get
 * -w`), a column is never narrower than it was in earlier calls, and the array is updated.
 * Upstream: go/src/text/tabwriter/tabwriter.go (format, writeLines), github.com/liggitt/tabwriter
 */

function runes(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Columns past this many stay in the line's last cell: the recursion depth stays bounded. */
const maxCells = 100;

function cellsOf(line: string): string[] {
  const cells = line.split('\t');
  return cells.length <= maxCells ? cells : [...cells.slice(0, maxCells - 1), cells.slice(maxCells - 1).join('\t')];
}

export function tabwriter(text: string, minwidth: number, padding: number, remembered?: number[]): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map(cellsOf);
  const out: string[] = [];
  const widths: number[] = [];
  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i]!;
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j]!;
        s += c;
        if (j < widths.length && j < cells.length - 1) s += ' '.repeat(Math.max(0, widths[j]! - runes(c)));
      }
      out.push(s);
    }
  };
  // recursion one level per column, bounded by maxCells
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    let self = line0;
    while (self < line1) {
      if (column >= lines[self]!.length - 1) {
        self++;
        continue;
      }
      writeLines(start, self);
      start = self;
      let width = minwidth;
      for (; self < line1; self++) {
        const cells = lines[self]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, runes(cells[column]!) + padding);
      }
      if (remembered) {
        width = Math.max(width, remembered[column] ?? 0);
        remembered[column] = width;
      }
      widths.push(width);
      format(start, self);
      widths.pop();
      start = self;
    }
    writeLines(start, line1);
  };
  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
