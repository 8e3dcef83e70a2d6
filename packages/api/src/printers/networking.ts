/**
 * networking.k8s.io ServiceCIDR and IPAddress tables.
 *
 * Contract: pure.
 * - ServiceCIDR: NAME CIDRS AGE, CIDRS being spec.cidrs joined by `,`.
 * - IPAddress: NAME PARENTREF, PARENTREF `resource[.group]/[namespace/]name` in lower case, or
 *   `<none>`. Upstream appends an age cell that has no column (3 cells, 2 columns); kubectl
 *   ignores cells past the last column, and we keep the extra cell so tables stay byte-identical.
 * Upstream: pkg/printers/internalversion/printers.go (printServiceCIDR, printIPAddress)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { translateTimestampSince } from './age.js';
import { ageColumn, column, columns, nameColumn } from './columns.js';
import { miscDoc } from './descriptions.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

export interface ServiceCIDRView {
  metadata: ObjectMeta;
  spec?: { cidrs?: string[] | null };
}

export interface IPAddressView {
  metadata: ObjectMeta;
  spec?: { parentRef?: { group?: string; resource?: string; namespace?: string; name?: string } | null };
}

export const serviceCIDRColumns = columns(nameColumn, column('CIDRs', miscDoc.serviceCIDRs), ageColumn);

export const ipAddressColumns = columns(nameColumn, column('ParentRef', miscDoc.ipAddressParentRef));

/** `schema.GroupResource{...}.String()` lower-cased, then optional namespace, then name. */
export function parentRefString(ip: IPAddressView): string {
  const ref = ip.spec?.parentRef;
  if (!ref) return '<none>';
  const resource = ref.resource ?? '';
  const gr = ref.group ? `${resource}.${ref.group}` : resource;
  let s = gr.toLowerCase();
  if (ref.namespace) s += `/${ref.namespace}`;
  return `${s}/${ref.name ?? ''}`;
}

export const serviceCIDRPrinter: KindPrinter = {
  columns: serviceCIDRColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const cidr = obj as unknown as ServiceCIDRView;
    return {
      cells: [
        cidr.metadata.name ?? '',
        (cidr.spec?.cidrs ?? []).join(','),
        translateTimestampSince(cidr.metadata.creationTimestamp, now),
      ],
    };
  },
};

export const ipAddressPrinter: KindPrinter = {
  columns: ipAddressColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const ip = obj as unknown as IPAddressView;
    return {
      cells: [ip.metadata.name ?? '', parentRefString(ip), translateTimestampSince(ip.metadata.creationTimestamp, now)],
    };
  },
};
