/**
 * The building blocks of kubectl's descriptions: `Key:\tvalue` lines through a tab writer
 * (minwidth 0, padding 2), labels and annotations one per line (the last-applied annotation
 * skipped, long or multi-line values folded as kubectl folds them), and the Events section.
 *
 * Contract: pure; `now` is injected for the event ages.
 * Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go (PrefixWriter,
 * printLabelsMultiline, printAnnotationsMultiline, DescribeEvents, tabbedString)
 */
import { translateTimestampSince } from '@miniplane/api/printers/age';
import { tabwriter } from '../output/tabwriter.js';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
const maxAnnotationLen = 140;

export class DescribeWriter {
  private buf = '';
  private flushed = '';

  /** Writes `text` at `level` (each level indents two spaces). */
  write(level: number, text: string): void {
    this.buf += '  '.repeat(level) + text;
  }

  /** Ends a tab-writer block (kubectl flushes before the Events table). */
  flush(): void {
    this.flushed += tabwriter(this.buf, 0, 2);
    this.buf = '';
  }

  text(): string {
    this.flush();
    return this.flushed;
  }

  /** The lines as written, tabs kept (kubectl's rollout history prints a pod template so). */
  rawText(): string {
    return this.flushed + this.buf;
  }
}

/** `continuation` starts the lines after the first (default: the title's leading spaces; kubectl's initialIndent). */
export function writeLabels(w: DescribeWriter, title: string, labels: Record<string, string> | undefined, level = 0, continuation = /^ */.exec(title)![0]): void {
  w.write(level, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => w.write(i === 0 ? 0 : level, `${i === 0 ? '' : `${continuation}\t`}${k}=${labels![k]}\n`));
}

const shorten = (s: string) => (s.length > maxAnnotationLen ? s.slice(0, maxAnnotationLen - 2) + '...' : s);

export function writeAnnotations(w: DescribeWriter, annotations: Record<string, string> | undefined, level = 0, indent = '', continuation = indent): void {
  w.write(level, `${indent}Annotations:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== lastApplied).sort();
  if (!keys.length) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(level, `${continuation}\t`);
    const value = annotations![k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > maxAnnotationLen || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const line of value.split('\n')) w.write(level, `${continuation}\t  ${shorten(line)}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

export interface CoreEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string };
  reportingComponent?: string;
  reportingController?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

const since = (t: string | null | undefined, now: Date) => (t ? translateTimestampSince(t, now) : '<unknown>');

/** The Events section; none at all (not even the title) when `events` is undefined (`--show-events=false`). */
export function writeEvents(w: DescribeWriter, events: readonly CoreEvent[] | undefined, now: Date): void {
  if (!events) return;
  if (!events.length) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const at = (e: CoreEvent) => Date.parse(e.lastTimestamp ?? e.eventTime ?? '') || 0;
  const sorted = [...events].sort((a, b) => at(a) - at(b));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval = first;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingController || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

/** `k=v,k2=v2` sorted by key (labels.FormatLabels / SelectorFromSet), `<none>` when empty. */
export function formatSelector(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}
