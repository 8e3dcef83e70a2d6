/**
 * Cluster-scoped core kinds: Node and Namespace tables.
 *
 * Contract: pure.
 * - Node: NAME STATUS ROLES AGE VERSION [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
 *   CONTAINER-RUNTIME]. STATUS is `Ready`/`NotReady` from the Ready condition (`Unknown` without
 *   one), plus `,SchedulingDisabled` when cordoned. ROLES are the sorted, unique roles from
 *   `node-role.kubernetes.io/<role>` label keys and `kubernetes.io/role=<role>` values, `<none>`
 *   when none. Wide: first InternalIP / ExternalIP address or `<none>`; node info or `<unknown>`.
 * - Namespace: NAME STATUS AGE, STATUS being status.phase.
 * Upstream: pkg/printers/internalversion/printers.go (printNode, findNodeRoles, printNamespace)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { translateTimestampSince } from './age.js';
import { ageColumn, column, columns, nameColumn, wideColumn } from './columns.js';
import { nodeDoc } from './descriptions.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

export interface NodeView {
  metadata: ObjectMeta;
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: Array<{ type: string; status: string }> | null;
    addresses?: Array<{ type: string; address: string }> | null;
    nodeInfo?: {
      kubeletVersion?: string;
      osImage?: string;
      kernelVersion?: string;
      containerRuntimeVersion?: string;
    };
  };
}

export interface NamespaceView {
  metadata: ObjectMeta;
  status?: { phase?: string };
}

export const nodeColumns = columns(
  nameColumn,
  column('Status', 'The status of the node'),
  column('Roles', 'The roles of the node'),
  ageColumn,
  column('Version', nodeDoc.kubeletVersion),
  wideColumn('Internal-IP', nodeDoc.addresses),
  wideColumn('External-IP', nodeDoc.addresses),
  wideColumn('OS-Image', nodeDoc.osImage),
  wideColumn('Kernel-Version', nodeDoc.kernelVersion),
  wideColumn('Container-Runtime', nodeDoc.containerRuntimeVersion),
);

export const namespaceColumns = columns(nameColumn, column('Status', 'The status of the namespace'), ageColumn);

export function nodeStatus(node: NodeView): string {
  // Why the last match: upstream indexes conditions by type in a map, so a duplicate wins.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

export function nodeRoles(labels: Readonly<Record<string, string>> | undefined): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return roles.size > 0 ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(node: NodeView, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: KindPrinter = {
  columns: nodeColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const node = obj as unknown as NodeView;
    const info = node.status?.nodeInfo ?? {};
    return {
      cells: [
        node.metadata.name ?? '',
        nodeStatus(node),
        nodeRoles(node.metadata.labels),
        translateTimestampSince(node.metadata.creationTimestamp, now),
        info.kubeletVersion ?? '',
        nodeAddress(node, 'InternalIP'),
        nodeAddress(node, 'ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
};

export const namespacePrinter: KindPrinter = {
  columns: namespaceColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const ns = obj as unknown as NamespaceView;
    return {
      cells: [ns.metadata.name ?? '', ns.status?.phase ?? '', translateTimestampSince(ns.metadata.creationTimestamp, now)],
    };
  },
};
