/**
 * Allocator errors: what a ClusterIP or NodePort allocation can fail with.
 *
 * Contract: these are plain `Error` subclasses (no HTTP knowledge). Each message is kube's text,
 * byte for byte, because clients parse it (e2e helpers match `valid IPs is (.*)$`). The apiserver
 * maps them to a Status: NotInRange / AlreadyAllocated → 422 Invalid on the field,
 * RangeFull → 500 InternalError. Narrow with `instanceof`, never by sniffing the message.
 *
 * Upstream: pkg/registry/core/service/ipallocator/interfaces.go (v1.27–v1.32 texts),
 * pkg/registry/core/service/portallocator/allocator.go
 */

/** What an allocator hands out; it picks the wording of the messages. */
export type AllocatedKind = 'IP' | 'port';

/** Common base, so a caller can tell "allocator said no" from a bug with one `instanceof`. */
export class AllocatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No free value is left (kube `ErrFull`). Same text for IPs and ports. */
export class RangeFull extends AllocatorError {
  constructor() {
    super('range is full');
  }
}

/** The requested value is valid but taken (kube `ErrAllocated`). */
export class AlreadyAllocated extends AllocatorError {
  constructor(
    readonly kind: AllocatedKind,
    readonly value: string | number,
  ) {
    super(`provided ${kind} is already allocated`);
  }
}

/**
 * The requested value is outside what the range can hand out (kube `ErrNotInRange`). For IPs
 * that includes the network address and, for IPv4, the broadcast address of the CIDR.
 * `validRange` is the CIDR (`10.96.0.0/12`) or the port range (`30000-32767`).
 */
export class NotInRange extends AllocatorError {
  constructor(
    readonly kind: AllocatedKind,
    readonly value: string | number,
    readonly validRange: string,
  ) {
    super(
      kind === 'IP'
        ? `the provided IP (${value}) is not in the valid range. The range of valid IPs is ${validRange}`
        : `provided port is not in the valid range. The range of valid ports is ${validRange}`,
    );
  }
}

/** A snapshot was taken over a different range than the allocator's (kube `ErrMismatchedNetwork`). */
export class MismatchedNetwork extends AllocatorError {
  constructor(
    readonly kind: AllocatedKind,
    readonly snapshotRange: string,
    readonly currentRange: string,
  ) {
    super(
      kind === 'IP'
        ? 'the provided network does not match the current range'
        : 'the provided port range does not match the current port range',
    );
  }
}

/**
 * A `--service-cluster-ip-range` or `--service-node-port-range` value was rejected. `errors`
 * holds each of kube's messages; `message` is them aggregated the way kube's
 * utilerrors.NewAggregate prints them (one error alone, several as `[a, b]`).
 */
export class InvalidRange extends AllocatorError {
  readonly errors: readonly string[];

  constructor(errors: readonly string[]) {
    super(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
    this.errors = [...errors];
  }
}
