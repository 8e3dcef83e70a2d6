/**
 * A kind's strategy: what a create or update prepares, how it is validated, and which
 * transactional hooks run beside the write (allocation, cascades). The pure parts come with the
 * kind's descriptor; the apiserver may layer hooks that need its state over them.
 *
 * Contract: prepare* edit the object they are given (the registry passes its own copy); validate*
 * return field errors, never throw; hooks run inside the write's transaction and may throw
 * an ApiError to abort it. Absent members fall back to kube's generic strategy.
 * Upstream: pkg/registry/<group>/<kind>/strategy.go for each served kind.
 */
import type { FieldError } from '../fieldError.js';
import type { KubeObject } from '../types.js';
import type { NameValidator } from '../validation/names.js';

export interface WriteContext {
  dryRun: boolean;
  now: Date;
  /**
   * Registers an undo for an in-memory side effect of this write (an allocator bitmap change);
   * it runs if the transaction rolls back, including every dry run.
   */
  onRollback(undo: () => void): void;
}

export interface Strategy {
  /** Name rule: returns kube's error strings for a bad name (DNS-1123 subdomain by default). */
  nameValidator?: NameValidator;
  prepareForCreate?(obj: KubeObject, ctx: WriteContext): void;
  prepareForUpdate?(next: KubeObject, old: KubeObject, ctx: WriteContext): void;
  validate?(obj: KubeObject): FieldError[];
  validateUpdate?(next: KubeObject, old: KubeObject): FieldError[];
  /**
   * A `/status` write: `next` is the stored object carrying the body's status; `body` is the
   * object the client sent (PUT) or the patch produced, whose other fields kube's decoder saw
   * when it defaulted the request (kube: the status strategy's PrepareForUpdate).
   */
  prepareForStatusUpdate?(next: KubeObject, old: KubeObject, body: KubeObject, ctx: WriteContext): void;
  /** Validation of a `/status` write (ValidateXStatusUpdate); kinds without it use validateUpdate. */
  validateStatusUpdate?(next: KubeObject, old: KubeObject): FieldError[];
  /** PUT of a missing object creates it (Endpoints, Leases, Events, Services do). */
  allowCreateOnUpdate?: boolean;
  /** Hooks inside the write transaction (allocators use these). */
  beginCreate?(obj: KubeObject, ctx: WriteContext): void;
  beginUpdate?(next: KubeObject, old: KubeObject, ctx: WriteContext): void;
  afterDelete?(old: KubeObject, ctx: WriteContext): void;
  /**
   * After a stored update through any subresource, and after a delete that only set
   * deletionTimestamp (finalizers keep the object): for in-memory state that follows the
   * object's status or terminating state (a ServiceCIDR's range opens or closes).
   */
  afterUpdate?(next: KubeObject, old: KubeObject, ctx: WriteContext): void;
  /**
   * Kinds deleted gracefully (pods; kube's CheckGracefulDelete): the grace period in seconds
   * for a first delete of `obj`, given the request's `gracePeriodSeconds` (undefined when not
   * sent; negative ones arrive as 1). 0 deletes at once.
   */
  gracePeriodForDelete?(obj: KubeObject, requested: number | undefined): number;
}

/**
 * Makes `target` (the registry's own copy) hold exactly `source`: how a strategy hook whose
 * pure helper returns a new object hands it back to the registry.
 */
export function replaceWith(target: KubeObject, source: KubeObject): void {
  for (const k of Object.keys(target)) if (!(k in source)) delete target[k];
  Object.assign(target, source);
}
