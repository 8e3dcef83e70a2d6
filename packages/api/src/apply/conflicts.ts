/**
 * Apply conflicts and the 409 kube answers with them.
 *
 * Contract: `conflictError` renders exactly kube's Status: reason Conflict, details with one
 * `FieldManagerConflict` cause per conflicting field, and the message
 *   1 conflict:  `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a`
 *   N conflicts: `Apply failed with 2 conflicts: conflicts with "alice":\n- .data.a\nconflicts with "bob" using v1:\n- .data.b`
 * Managers are printed as kube's printManager does: appliers by name, updaters `using <apiVersion>`,
 * subresources `with subresource "status"`. Managers are sorted by identity, and each manager's
 * paths come in field-set order.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go,
 * sigs.k8s.io/structured-merge-diff merge/conflict.go
 */
import { ApiError } from '../errors.js';
import { pathString, type Path } from './fieldPath.js';
import type { FieldSet } from './fieldSet.js';
import type { ManagedSet } from './managedFields.js';

export interface Conflict {
  /** The manager's identity (managedFields.ts). */
  readonly id: string;
  readonly manager: ManagedSet;
  readonly path: Path;
}

/** Thrown by the field manager; the HTTP layer sends it as kube's 409. */
export class ApplyConflict extends ApiError {
  constructor(readonly conflicts: readonly Conflict[]) {
    super(409, 'Conflict', conflictMessage(conflicts), {
      causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path) })),
    });
  }
}

export function printManager(m: Pick<ManagedSet, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${s} using ${m.apiVersion}` : s;
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathString(c.path)}`;
  }
  const lines: string[] = [];
  let last: string | undefined;
  for (const c of conflicts) {
    if (c.id !== last) lines.push(`conflicts with ${printManager(c.manager)}:`);
    last = c.id;
    lines.push(`- ${pathString(c.path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** One conflict per path of each manager's set, managers sorted by identity. */
export function conflictsFrom(sets: ReadonlyMap<string, { manager: ManagedSet; set: FieldSet }>): Conflict[] {
  const out: Conflict[] = [];
  for (const id of [...sets.keys()].sort()) {
    const { manager, set } = sets.get(id)!;
    set.iterate((path) => out.push({ id, manager, path }));
  }
  return out;
}
