/**
 * EndpointSliceWriter: the one place the EndpointSlice and mirroring controllers write slices
 * (kube's reconciler finalize, shared by both in staging/src/k8s.io/endpointslice).
 *
 * Contract
 * - `apply(owner, plan)`: creates, then updates (PUT with the slice's resourceVersion), then
 *   deletes, stopping at the first failure with an error naming the slice and `owner` (e.g.
 *   `Service default/web`). A create refused because the namespace is terminating ends the
 *   apply quietly (creates would keep failing). Every write is told to the tracker.
 * - `deleteAll(owner, slices)`: every delete is tried; failures are reported together.
 * - Deletes carry a uid precondition; NotFound or Conflict mean the slice is already gone (or
 *   replaced by another of that name), which is success.
 * Upstream: staging/src/k8s.io/endpointslice/reconciler.go (finalize),
 * pkg/controller/endpointslicemirroring/reconciler.go (finalize, deleteEndpoints)
 */
import { ApiError, Conflict, NotFound } from '@miniplane/api';
import type { ResourceClient } from '@miniplane/client';
import { describe } from './workerLoop.js';
import type { EndpointSliceTracker } from './endpointSliceMirroring/endpointSliceTracker.js';
import type { EndpointSlice } from './endpointSliceMirroring/endpointTypes.js';

export interface SliceWrites {
  toCreate: readonly EndpointSlice[];
  toUpdate: readonly EndpointSlice[];
  toDelete: readonly EndpointSlice[];
}

export class EndpointSliceWriter {
  constructor(
    private readonly client: ResourceClient<EndpointSlice>,
    private readonly tracker: EndpointSliceTracker,
    private readonly signal: AbortSignal,
  ) {}

  async apply(owner: string, namespace: string | undefined, plan: SliceWrites): Promise<void> {
    const signal = this.signal;
    for (const slice of plan.toCreate) {
      try {
        this.tracker.update(await this.client.create(slice, { namespace, signal }));
      } catch (err: unknown) {
        if (namespaceTerminating(err)) return;
        throw new Error(`failed to create EndpointSlice for ${owner}: ${describe(err)}`);
      }
    }
    for (const slice of plan.toUpdate) {
      try {
        this.tracker.update(await this.client.update(slice, { namespace, signal }));
      } catch (err: unknown) {
        throw new Error(`failed to update ${slice.metadata.name} EndpointSlice for ${owner}: ${describe(err)}`);
      }
    }
    for (const slice of plan.toDelete) {
      try {
        await this.delete(slice);
      } catch (err: unknown) {
        throw new Error(`failed to delete ${slice.metadata.name} EndpointSlice for ${owner}: ${describe(err)}`);
      }
    }
  }

  async deleteAll(owner: string, slices: readonly EndpointSlice[]): Promise<void> {
    const errors: Error[] = [];
    for (const slice of slices) {
      try {
        await this.delete(slice);
      } catch (err: unknown) {
        errors.push(new Error(`EndpointSlice ${slice.metadata.name}: ${describe(err)}`));
      }
    }
    if (errors.length) throw new AggregateError(errors, `error(s) deleting ${errors.length}/${slices.length} EndpointSlices for ${owner}`);
  }

  private async delete(slice: EndpointSlice): Promise<void> {
    const { name = '', namespace, uid } = slice.metadata;
    try {
      await this.client.delete(name, { namespace, preconditions: uid ? { uid } : undefined, signal: this.signal });
    } catch (err: unknown) {
      if (!(err instanceof NotFound || err instanceof Conflict)) throw err;
    }
    this.tracker.expectDeletion(slice);
  }
}

/** kube's errors.HasStatusCause(err, NamespaceTerminatingCause), or miniplane's 403 wording of it. */
export function namespaceTerminating(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  return (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
    || (err.code === 403 && err.message.includes('because it is being terminated'));
}
