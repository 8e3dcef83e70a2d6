/**
 * EndpointSliceTracker: the version of every EndpointSlice this controller last wrote, per
 * Endpoints key, so it can tell its own writes coming back through the informer from anyone
 * else's changes, and a slice cache that has not caught up with its writes from the truth.
 *
 * Contract (kube's EndpointSliceTracker, restated)
 * - `update(slice)` after a create/update, `expectDeletion(slice)` after a delete; `deleteOwner`
 *   forgets a key (its slices are being cleaned up).
 * - `shouldSync(slice)`: false only for a tracked slice whose version is not newer than the one
 *   written (our own write, or an older state, coming back).
 * - `staleSlices(key, slices)`: true if the cache shows a tracked slice older than written, one
 *   expected deleted, or lacks one written.
 * - `handleDeletion(slice)`: untracks it; false if that deletion was not ours (the key needs a sync).
 * kube tracks metadata.generation. miniplane's apiserver keeps no generation for EndpointSlices,
 * so this tracks resourceVersion, which in miniplane is an increasing integer (compared as such;
 * versions that are not both integers compare as "newer" when they differ).
 * Upstream: staging/src/k8s.io/endpointslice/util/endpointslice_tracker.go
 */
import type { EndpointSlice } from './endpointTypes.js';
import { mirroredEndpointsKey } from './mirrorPlan.js';

const deletionExpected = Symbol('deletionExpected');
type Tracked = string | typeof deletionExpected;

export class EndpointSliceTracker {
  /** Endpoints key → slice uid → resourceVersion written (or deletion expected). */
  private readonly byOwner = new Map<string, Map<string, Tracked>>();

  has(slice: EndpointSlice): boolean {
    return this.versions(slice)?.has(slice.metadata.uid ?? '') ?? false;
  }

  shouldSync(slice: EndpointSlice): boolean {
    const tracked = this.versions(slice)?.get(slice.metadata.uid ?? '');
    return tracked === undefined || tracked === deletionExpected || compareVersions(slice.metadata.resourceVersion, tracked) > 0;
  }

  staleSlices(ownerKey: string, slices: readonly EndpointSlice[]): boolean {
    const tracked = this.byOwner.get(ownerKey);
    if (!tracked) return false;
    const present = new Set<string>();
    for (const s of slices) {
      const uid = s.metadata.uid ?? '';
      present.add(uid);
      const v = tracked.get(uid);
      if (v === deletionExpected || (v !== undefined && compareVersions(v, s.metadata.resourceVersion) > 0)) return true;
    }
    for (const [uid, v] of tracked) if (v !== deletionExpected && !present.has(uid)) return true;
    return false;
  }

  update(slice: EndpointSlice): void {
    this.ensure(slice).set(slice.metadata.uid ?? '', slice.metadata.resourceVersion ?? '');
  }

  expectDeletion(slice: EndpointSlice): void {
    this.ensure(slice).set(slice.metadata.uid ?? '', deletionExpected);
  }

  handleDeletion(slice: EndpointSlice): boolean {
    const tracked = this.versions(slice);
    const uid = slice.metadata.uid ?? '';
    const v = tracked?.get(uid);
    tracked?.delete(uid);
    return v === undefined || v === deletionExpected;
  }

  deleteOwner(ownerKey: string): void {
    this.byOwner.delete(ownerKey);
  }

  private versions(slice: EndpointSlice): Map<string, Tracked> | undefined {
    const key = mirroredEndpointsKey(slice);
    return key === undefined ? undefined : this.byOwner.get(key);
  }

  private ensure(slice: EndpointSlice): Map<string, Tracked> {
    const key = mirroredEndpointsKey(slice) ?? '';
    let m = this.byOwner.get(key);
    if (!m) this.byOwner.set(key, (m = new Map()));
    return m;
  }
}

/** Sign of a − b for resourceVersions; see the header. */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a && b && /^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x > y ? 1 : x < y ? -1 : 0;
  }
  return 1;
}
