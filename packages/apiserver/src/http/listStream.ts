/**
 * LIST responses built from the stored JSON page by page: a list that fits in one page (1 MiB
 * of stored JSON) is answered in one piece as before; a larger one is streamed, each page read
 * and encoded in its own time slice and only as fast as the client reads, so a 140 MB LIST
 * neither holds the event loop for seconds nor builds one giant string.
 *
 * Contract: the body is kube's `<Kind>List` (items without apiVersion/kind) with the snapshot's
 * resourceVersion, `continue` and `remainingItemCount` as kube's; the snapshot
 * is pinned while it streams. Items are the stored JSON as is (parsed only when a selector must
 * see them, or to drop a type meta that is not where it usually is). When a limit is given and
 * the list is streamed, `metadata` comes after `items` (its continue token is known only then);
 * JSON readers do not mind the order.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go ListResource, whose
 * encoder also writes a list item by item (runtime/serializer/json streaming of lists).
 */
import { encodeJson, goEscapeJson, parseJsonExact } from '@miniplane/api/patch/goJsonText';
import { Readable } from 'node:stream';
import { apiVersionOf, inWireOrder, listKindOf, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { withoutTypeMeta, type ResourceRegistry } from '../registry/resourceRegistry.js';
import { SnapshotCompacted } from '../storage/kvStore.js';
import { SnapshotReader, type RawRow } from '../storage/snapshotReader.js';
import type { TimeSlicer } from '../timeSlicer.js';
import { compactedError, encodeContinue, planList, type ListRequest } from './listOptions.js';
import type { Query } from './query.js';
import { tableOf } from './tableOutput.js';
import { partialObjectMetadata } from './outputMediaType.js';

const comma = Buffer.from(',');
const openBrace = Buffer.from('{');

/** Stored JSON per page (and the size up to which a list is answered in one piece). */
export const listPageBytes = 1024 * 1024;

/** A list body: one buffer when it fits one page, else a stream of it. */
export function listBody(registry: ResourceRegistry, info: ResourceInfo, namespace: string | undefined, q: Query, slicer: TimeSlicer): Buffer | Readable {
  const req = planList(registry, info, namespace, q);
  const list = new ListWriter(registry, info, req);
  const first = list.page();
  if (list.done) return Buffer.concat([Buffer.from(list.head(false)), ...first, Buffer.from(list.tail(false))]);
  let headSent = false;
  const stream: Readable = new Readable({
    highWaterMark: listPageBytes,
    read() {
      if (!headSent) {
        headSent = true;
        this.push(Buffer.from(list.head(true)));
        first.forEach((b) => this.push(b));
        return;
      }
      nextPage();
    },
    destroy(err, cb) {
      list.close();
      cb(err);
    },
  });
  // One page per time slice; a page a selector emptied is followed at once by the next (a push
  // is what makes the stream ask again).
  const nextPage = (): void => {
    slicer.run((): Buffer[] => (list.done ? [] : list.page())).then(
      (chunks) => {
        if (stream.destroyed) return;
        chunks.forEach((b) => stream.push(b));
        if (list.done) {
          stream.push(list.tail(true));
          stream.push(null);
        } else if (chunks.length === 0) nextPage();
      },
      (e: unknown) => stream.destroy(e as Error),
    );
  };
  return stream;
}

/**
 * A LIST answered as a Table (kubectl get): the objects are parsed and printed page by page, one
 * page per time slice, and only the rows are kept; one Table with every row comes out.
 */
export async function tableListBody(registry: ResourceRegistry, info: ResourceInfo, namespace: string | undefined, q: Query, slicer: TimeSlicer, now: Date): Promise<unknown> {
  const list = new ListWriter(registry, info, planList(registry, info, namespace, q));
  try {
    const table = tableOf(registry.scheme, info, list.pageObjects(), {}, q, now) as { rows: unknown[]; metadata: unknown };
    while (!list.done) {
      const part = await slicer.run(() => (tableOf(registry.scheme, info, list.pageObjects(), {}, q, now) as { rows: unknown[] }).rows);
      for (const row of part) table.rows.push(row);
    }
    table.metadata = list.listMeta();
    return table;
  } finally {
    list.close();
  }
}

/** A LIST answered as metadata only (kube's asPartialObjectMetadataList), built page by page. */
export async function partialListBody(registry: ResourceRegistry, info: ResourceInfo, namespace: string | undefined, q: Query, slicer: TimeSlicer, version: string): Promise<unknown> {
  const list = new ListWriter(registry, info, planList(registry, info, namespace, q));
  try {
    const items = list.pageObjects().map((o) => partialObjectMetadata(o, version));
    while (!list.done) for (const o of await slicer.run(() => list.pageObjects())) items.push(partialObjectMetadata(o, version));
    return { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${version}`, metadata: list.listMeta(), items };
  } finally {
    list.close();
  }
}

class ListWriter {
  private readonly reader: SnapshotReader;
  private readonly typeMeta: Buffer;
  private count = 0;
  private taken = 0;
  private more = false;
  private lastKey: string | undefined;
  private finished = false;

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly info: ResourceInfo,
    private readonly req: ListRequest,
  ) {
    this.reader = new SnapshotReader(registry.store, req.prefix, { atRev: req.atRev, startAfter: req.startAfter });
    this.typeMeta = Buffer.from(`{"kind":${JSON.stringify(info.kind)},"apiVersion":${JSON.stringify(apiVersionOf(info))},`);
  }

  get done(): boolean {
    return this.finished;
  }

  /** The next items, comma-separated (with a leading comma after the first item), in pieces: a 1 MB object is not copied to join them. */
  page(): Buffer[] {
    const out: Buffer[] = [];
    for (const row of this.take()) {
      if (this.count++) out.push(comma);
      out.push(...this.item(row.value));
    }
    return out;
  }

  /** The next items, parsed (for a Table). */
  pageObjects(): KubeObject[] {
    return this.take().map((row) => parseJsonExact(row.value.toString('utf8')) as KubeObject);
  }

  /** The next page's rows that pass the selector, up to the limit. */
  private take(): RawRow[] {
    const limit = this.req.limit && this.req.limit > 0 ? this.req.limit : Infinity;
    let rows: RawRow[] | undefined;
    try {
      rows = this.reader.next(listPageBytes);
    } catch (e) {
      this.close();
      throw e instanceof SnapshotCompacted ? compactedError(this.registry, this.req, e) : e;
    }
    const out: RawRow[] = [];
    for (const row of rows ?? []) {
      if (this.req.filter && !this.req.filter(JSON.parse(row.value.toString('utf8')) as KubeObject)) continue;
      if (this.taken === limit) {
        this.more = true;
        break;
      }
      this.taken++;
      out.push(row);
      this.lastKey = row.key;
    }
    if (this.reader.finished || this.more) this.close();
    return out;
  }

  /** A stored object without apiVersion and kind, as list items are (as pieces to concatenate). */
  private item(json: Buffer): Buffer[] {
    const n = this.typeMeta.byteLength;
    if (json.byteLength > n && json.subarray(0, n).equals(this.typeMeta)) return [openBrace, json.subarray(n)];
    return [Buffer.from(goEscapeJson(encodeJson(withoutTypeMeta(inWireOrder(parseJsonExact(json.toString('utf8')) as KubeObject)))))];
  }

  private metadata(): string {
    return JSON.stringify(this.listMeta());
  }

  /** The list's metadata: resourceVersion, and continue and remainingItemCount when more remain. */
  listMeta(): Record<string, unknown> {
    const m: Record<string, unknown> = { resourceVersion: String(this.reader.rev) };
    if (this.more && this.lastKey !== undefined) {
      m.continue = encodeContinue(this.reader.rev, this.lastKey, this.req.prefix);
      const historic = this.reader.rev < this.registry.currentRevision;
      if (!this.req.filter && !historic) m.remainingItemCount = this.registry.store.countAfter(this.req.prefix, this.lastKey);
    }
    return m;
  }

  /** Up to `"items":[`: with the metadata, unless a streamed page's continue token is not known yet. */
  head(streamed: boolean): string {
    const kind = `{"kind":${JSON.stringify(listKindOf(this.info))},"apiVersion":${JSON.stringify(apiVersionOf(this.info))}`;
    return streamed && this.req.limit ? `${kind},"items":[` : `${kind},"metadata":${this.metadata()},"items":[`;
  }

  tail(streamed: boolean): string {
    return streamed && this.req.limit ? `],"metadata":${this.metadata()}}\n` : ']}\n';
  }

  close(): void {
    this.finished = true;
    this.reader.close();
  }
}
