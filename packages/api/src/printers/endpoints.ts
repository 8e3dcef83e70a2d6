/**
 * Endpoints and EndpointSlice tables.
 *
 * Contract: pure.
 * - Endpoints: NAME ENDPOINTS AGE. ENDPOINTS lists ready `ip:port` (IPv6 as `[ip]:port`), for each
 *   subset, port by port and address by address; a subset without ports lists bare IPs
 *   (headless). At most 3 are shown, then ` + N more...` with N = total − 3. No subsets → `<none>`;
 *   subsets without ready addresses → `` (upstream quirk, kept).
 * - EndpointSlice: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. PORTS shows each port number (its name
 *   when the number is unset, `*` when both are), ENDPOINTS every address of every endpoint
 *   (ready or not); each list is capped at 3 the same way and is `<unset>` when empty.
 * Upstream: pkg/printers/internalversion/printers.go (formatEndpoints, formatDiscoveryPorts,
 * formatDiscoveryEndpoints, listWithMoreString)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { translateTimestampSince } from './age.js';
import { ageColumn, column, columns, nameColumn } from './columns.js';
import { endpointSliceDoc, endpointsDoc } from './descriptions.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

const MAX_LISTED = 3;

export interface EndpointsView {
  metadata: ObjectMeta;
  subsets?: Array<{
    addresses?: Array<{ ip: string }> | null;
    ports?: Array<{ name?: string; port: number }> | null;
  }> | null;
}

export interface EndpointSliceView {
  metadata: ObjectMeta;
  addressType?: string;
  ports?: Array<{ name?: string | null; port?: number | null }> | null;
  endpoints?: Array<{ addresses?: string[] | null }> | null;
}

export const endpointsColumns = columns(nameColumn, column('Endpoints', endpointsDoc.subsets), ageColumn);

export const endpointSliceColumns = columns(
  nameColumn,
  column('AddressType', endpointSliceDoc.addressType),
  column('Ports', endpointSliceDoc.ports),
  column('Endpoints', endpointSliceDoc.endpoints),
  ageColumn,
);

/** net.JoinHostPort: brackets around hosts containing a colon (IPv6). */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function withMore(list: readonly string[], count: number): string {
  const joined = list.join(',');
  return count > MAX_LISTED ? `${joined} + ${count - MAX_LISTED} more...` : joined;
}

/** formatEndpoints(endpoints, nil): every port of every subset. */
export function formatEndpoints(ep: EndpointsView): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // Headless services may publish addresses without ports.
      count += addresses.length;
      for (const a of addresses) if (list.length < MAX_LISTED) list.push(a.ip);
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) if (list.length < MAX_LISTED) list.push(joinHostPort(a.ip, port.port));
    }
  }
  return withMore(list, count);
}

/** listWithMoreString: capped list, `<unset>` when nothing was listed. */
function listWithMore(items: readonly string[]): string {
  const s = withMore(items.slice(0, MAX_LISTED), items.length);
  return s === '' ? '<unset>' : s;
}

export function formatSlicePorts(slice: EndpointSliceView): string {
  return listWithMore(
    (slice.ports ?? []).map((p) => {
      if (p.port !== undefined && p.port !== null) return String(p.port);
      return p.name ?? '*';
    }),
  );
}

export function formatSliceEndpoints(slice: EndpointSliceView): string {
  return listWithMore((slice.endpoints ?? []).flatMap((e) => e.addresses ?? []));
}

export const endpointsPrinter: KindPrinter = {
  columns: endpointsColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const ep = obj as unknown as EndpointsView;
    return {
      cells: [ep.metadata.name ?? '', formatEndpoints(ep), translateTimestampSince(ep.metadata.creationTimestamp, now)],
    };
  },
};

export const endpointSlicePrinter: KindPrinter = {
  columns: endpointSliceColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const slice = obj as unknown as EndpointSliceView;
    return {
      cells: [
        slice.metadata.name ?? '',
        slice.addressType ?? '',
        formatSlicePorts(slice),
        formatSliceEndpoints(slice),
        translateTimestampSince(slice.metadata.creationTimestamp, now),
      ],
    };
  },
};
