/**
 * coordination.k8s.io Lease table: NAME HOLDER AGE.
 *
 * Contract: pure. HOLDER is spec.holderIdentity, `` when unset.
 * Upstream: pkg/printers/internalversion/printers.go (printLease)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { translateTimestampSince } from './age.js';
import { ageColumn, column, columns, nameColumn } from './columns.js';
import { miscDoc } from './descriptions.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

export interface LeaseView {
  metadata: ObjectMeta;
  spec?: { holderIdentity?: string | null };
}

export const leaseColumns = columns(nameColumn, column('Holder', miscDoc.leaseHolderIdentity), ageColumn);

export const leasePrinter: KindPrinter = {
  columns: leaseColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const lease = obj as unknown as LeaseView;
    return {
      cells: [
        lease.metadata.name ?? '',
        lease.spec?.holderIdentity ?? '',
        translateTimestampSince(lease.metadata.creationTimestamp, now),
      ],
    };
  },
};
