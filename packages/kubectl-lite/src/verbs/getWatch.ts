/**
 * `kubectl get -w` / `--watch-only`: the list (unless watch-only), then one row per change, each
 * event's row printed from the server-side Table the watch streams, flushed at once, its columns
 * never narrower than those printed before (kubectl's remembered widths).
 *
 * Contract: runs until the server ends the watch or the process is interrupted; exit 0.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (watch)
 */
import type { RestClient } from '@miniplane/client/restClient';
import { decodeWatchStream } from '@miniplane/client/watchStream';
import { collectionPath } from '../discovery.js';
import { listTable, tableAccept } from '../fetch.js';
import type { Target } from '../resourceArgs.js';
import type { Session } from '../session.js';
import { tableCells, tabwrite, type TableData } from '../output/tableText.js';

export async function watch(s: Session, client: RestClient, t: Target, namespace: string | undefined): Promise<number> {
  const f = s.flags;
  const ns = t.resource.namespaced ? namespace : undefined;
  const o = { namespace: ns, labelSelector: f.string('selector'), fieldSelector: t.names.length === 1 ? `metadata.name=${t.names[0]}` : f.string('field-selector') };
  const list = await listTable(client, t.resource, o);
  const opts = { wide: f.string('output') === 'wide', withNamespace: namespace === undefined && t.resource.namespaced, showLabels: f.bool('show-labels'), labelColumns: f.strings('label-columns') };
  let headerDone = f.bool('no-headers');
  // kubectl keeps the columns at least as wide as everything printed before
  const widths: number[] = [];
  if (!f.bool('watch-only')) {
    const rows = t.names.length > 1 ? list.rows.filter((r) => t.names.includes(r.object?.metadata?.name ?? '')) : list.rows;
    if (rows.length) {
      s.io.out(tabwrite(tableCells({ columnDefinitions: list.columnDefinitions, rows }, { ...opts, noHeaders: headerDone }), widths));
      headerDone = true;
    }
  }
  const res = await client.stream({
    method: 'GET', path: collectionPath(t.resource, ns), headers: { Accept: tableAccept },
    query: { watch: 1, resourceVersion: list.metadata?.resourceVersion, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector },
  });
  let columns = list.columnDefinitions;
  const stop = () => res.destroy();
  process.once('SIGINT', stop);
  try {
    for await (const ev of decodeWatchStream(res)) {
      const table = ev.object as unknown as TableData;
      if (!Array.isArray(table.rows)) continue;
      // kube sends the column definitions once; later events reuse them
      if (table.columnDefinitions?.length) columns = table.columnDefinitions;
      s.io.out(tabwrite(tableCells({ columnDefinitions: columns, rows: table.rows }, { ...opts, noHeaders: headerDone }), widths));
      headerDone = true;
    }
  } catch (e: unknown) {
    if (!res.destroyed) throw e;
  } finally {
    process.off('SIGINT', stop);
  }
  return 0;
}
