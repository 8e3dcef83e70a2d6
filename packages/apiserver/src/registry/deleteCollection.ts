/**
 * deletecollection in time slices: 30,000 deletes no longer hold the event loop for seconds.
 *
 * Contract: the objects to delete are those of one snapshot that the selector matches, read page
 * by page; they are then deleted by name in batches, each batch one transaction run in its own
 * time slice and committed before the next starts. Each delete is a write of its own with its
 * own watch event, as in kube, whose DeleteCollection lists and then deletes item by item: an
 * object created after the snapshot is not deleted, one already gone is skipped, and a failure
 * part way leaves the earlier batches deleted. A dry run deletes nothing and reports all.
 * Returns the deleted objects' JSON without type meta (the response's items), encoded in the
 * slices too.
 * Upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go DeleteCollection
 */
import { encodeJson, goEscapeJson } from '@miniplane/api/patch/goJsonText';
import type { KubeObject, ResourceInfo } from '@miniplane/api';
import { SnapshotReader } from '../storage/snapshotReader.js';
import type { TimeSlicer } from '../timeSlicer.js';
import { listPrefix } from './keys.js';
import { withoutTypeMeta, type DeleteOptions, type ResourceRegistry } from './resourceRegistry.js';

/** Stored JSON read per slice while listing what to delete. */
const readBytes = 1024 * 1024;
/** Target duration of one batch of deletes (the batch size adapts to it). */
const batchMs = 5;

export async function deleteCollection(
  registry: ResourceRegistry, info: ResourceInfo, namespace: string | undefined, filter: ((o: KubeObject) => boolean) | undefined,
  o: DeleteOptions, slicer: TimeSlicer,
): Promise<string[]> {
  const keys: string[] = [];
  const reader = new SnapshotReader(registry.store, listPrefix(info, namespace));
  try {
    while (!reader.finished) {
      await slicer.run(() => {
        for (const r of reader.next(readBytes) ?? []) if (!filter || filter(JSON.parse(r.value.toString('utf8')) as KubeObject)) keys.push(r.key);
      });
    }
  } finally {
    reader.close();
  }
  const out: string[] = [];
  let size = 50;
  for (let i = 0; i < keys.length; ) {
    const batch = keys.slice(i, i + size);
    i += batch.length;
    const took = await slicer.run(() => {
      const t0 = performance.now();
      for (const obj of registry.deleteKeys(info, batch, o)) out.push(goEscapeJson(encodeJson(withoutTypeMeta(obj))));
      return performance.now() - t0;
    });
    await registry.settled(); // committed before the next batch (and a failure surfaces)
    if (took > 2 * batchMs) size = Math.max(1, Math.floor(size / 2));
    else if (took < batchMs / 2) size = Math.min(2000, size * 2);
  }
  return out;
}
