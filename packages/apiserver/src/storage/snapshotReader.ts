/**
 * Reads one snapshot of a key range page by page, for work cut into slices across turns of the
 * event loop (a watch's initial burst, a large LIST, a deletecollection).
 *
 * Contract: the snapshot is the state at `rev` (the current revision when the reader is made);
 * later pages read that same state, rebuilt from the log if writes happened since, and the
 * revision is pinned against compaction until `close()`. `next(maxBytes)` returns the next
 * rows in key order — at least one, and about `maxBytes` of stored JSON (one row more at most)
 * — or undefined once the range is done. Rows are raw: the stored JSON as bytes, not parsed.
 * Upstream idea: the paged reads of staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go GetList.
 */
import type { KvStore } from './kvStore.js';

export interface RawRow {
  key: string;
  /** The stored JSON, as UTF-8 bytes. */
  value: Buffer;
}

export class SnapshotReader {
  readonly rev: number;
  private after: string | undefined;
  private done = false;
  private avgBytes = Infinity;
  private limit = 0.25;
  private readonly unpin: () => void;

  constructor(
    private readonly store: KvStore,
    private readonly prefix: string,
    o: { startAfter?: string; atRev?: number } = {},
  ) {
    this.rev = o.atRev ?? store.log.currentRevision;
    this.after = o.startAfter;
    this.unpin = store.log.pin(this.rev);
  }

  /** The last key returned so far. */
  get lastKey(): string | undefined {
    return this.after;
  }

  next(maxBytes: number): RawRow[] | undefined {
    const out: RawRow[] = [];
    let bytes = 0;
    while (!this.done && bytes < maxBytes) {
      // Rows are fetched in growing batches (1, 4, 16, ... at most what fits at the average
      // size so far): 1 MB objects come one at a time, small ones by hundreds.
      const limit = Math.max(1, Math.min(1000, this.limit * 4, Math.floor((maxBytes - bytes) / this.avgBytes)));
      const rows = this.store.rawPage(this.prefix, this.after, this.rev, limit);
      if (rows.length < limit) this.finish();
      if (rows.length === 0) break;
      let got = 0;
      for (const r of rows) got += r.value.byteLength;
      bytes += got;
      this.limit = limit;
      this.avgBytes = Math.max(64, got / rows.length);
      this.after = rows[rows.length - 1]!.key;
      out.push(...rows);
    }
    return out.length ? out : undefined;
  }

  /** True once the last row was returned. */
  get finished(): boolean {
    return this.done;
  }

  /** Ends the read early (or after the last page): unpins the snapshot. Idempotent. */
  close(): void {
    this.finish();
  }

  private finish(): void {
    this.done = true;
    this.unpin();
  }
}
