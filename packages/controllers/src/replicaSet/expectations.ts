/**
 * ControllerExpectations: the creates and deletes a controller has sent but not yet seen come
 * back through its informer, so a lagging cache never makes it create or delete twice.
 *
 * Contract: `expect(key, adds, deletes)` records them (replacing what was there); the informer
 * handlers call `created(key)` and `deleted(key, podKey)`; `satisfied(key)` is true when nothing is
 * outstanding, no record exists, or the record is older than the TTL (5 min, kube's).
 * `lower(key, adds)` un-expects creates that failed or were skipped.
 * Upstream: pkg/controller/controller_utils.go (ControllerExpectations, UIDTrackingControllerExpectations)
 */
import type { Clock } from '@miniplane/client';

export const expectationsTTLMs = 5 * 60_000;

interface Record_ {
  adds: number;
  deletes: Set<string>;
  at: number;
}

export class Expectations {
  private readonly records = new Map<string, Record_>();

  constructor(private readonly clock: Clock) {}

  expect(key: string, adds: number, deletes: Iterable<string> = []): void {
    this.records.set(key, { adds, deletes: new Set(deletes), at: this.clock.now() });
  }

  created(key: string): void {
    const r = this.records.get(key);
    if (r) r.adds--;
  }

  lower(key: string, adds: number): void {
    const r = this.records.get(key);
    if (r) r.adds -= adds;
  }

  deleted(key: string, podKey: string): void {
    this.records.get(key)?.deletes.delete(podKey);
  }

  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    return (r.adds <= 0 && r.deletes.size === 0) || this.clock.now() - r.at > expectationsTTLMs;
  }

  forget(key: string): void {
    this.records.delete(key);
  }
}
