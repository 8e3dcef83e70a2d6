/**
 * apps/v1 workloads: Deployment and ReplicaSet tables.
 *
 * Contract: pure.
 * - Deployment: NAME READY UP-TO-DATE AVAILABLE AGE [CONTAINERS IMAGES SELECTOR]. READY is
 *   `ready/desired`; UP-TO-DATE and AVAILABLE are integer cells (under `string` columns, as
 *   upstream declares them). SELECTOR is the selector string, `` for a nil/empty selector and
 *   `<invalid>` when it cannot be parsed.
 * - ReplicaSet: NAME DESIRED CURRENT READY AGE [CONTAINERS IMAGES SELECTOR], integer counts;
 *   SELECTOR via metav1.FormatLabelSelector (`<none>` when empty, `<error>` when invalid).
 * - CONTAINERS / IMAGES: the template's container names and images, joined by `,`.
 * An unset spec.replicas prints as 1, the value SetDefaults_* stores; unset status counts are 0.
 * Upstream: pkg/printers/internalversion/printers.go (printDeployment, printReplicaSet,
 * layoutContainerCells)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { translateTimestampSince } from './age.js';
import { ageColumn, column, columns, nameColumn, wideColumn } from './columns.js';
import { workloadDoc } from './descriptions.js';
import { formatLabelSelector, labelSelectorString, type LabelSelector } from './selectorFormat.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

export interface WorkloadView {
  metadata: ObjectMeta;
  spec?: {
    replicas?: number | null;
    selector?: LabelSelector | null;
    template?: { spec?: { containers?: Array<{ name: string; image?: string }> | null } };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

export const deploymentColumns = columns(
  nameColumn,
  column('Ready', workloadDoc.ready),
  column('Up-to-date', workloadDoc.deploymentUpdatedReplicas),
  column('Available', workloadDoc.deploymentAvailableReplicas),
  ageColumn,
  wideColumn('Containers', workloadDoc.containers),
  wideColumn('Images', workloadDoc.images),
  wideColumn('Selector', workloadDoc.deploymentSelector),
);

export const replicaSetColumns = columns(
  nameColumn,
  column('Desired', workloadDoc.replicaSetSpecReplicas, { type: 'integer' }),
  column('Current', workloadDoc.replicaSetStatusReplicas, { type: 'integer' }),
  column('Ready', workloadDoc.replicaSetReadyReplicas, { type: 'integer' }),
  ageColumn,
  wideColumn('Containers', workloadDoc.containers),
  wideColumn('Images', workloadDoc.images),
  wideColumn('Selector', workloadDoc.replicaSetSelector),
);

/** layoutContainerCells: names and images, each joined by `,`. */
export function containerCells(w: WorkloadView): [names: string, images: string] {
  const containers = w.spec?.template?.spec?.containers ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(',')];
}

function desiredReplicas(w: WorkloadView): number {
  return w.spec?.replicas ?? 1;
}

export const deploymentPrinter: KindPrinter = {
  columns: deploymentColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const d = obj as unknown as WorkloadView;
    const [names, images] = containerCells(d);
    return {
      cells: [
        d.metadata.name ?? '',
        `${d.status?.readyReplicas ?? 0}/${desiredReplicas(d)}`,
        d.status?.updatedReplicas ?? 0,
        d.status?.availableReplicas ?? 0,
        translateTimestampSince(d.metadata.creationTimestamp, now),
        names,
        images,
        labelSelectorString(d.spec?.selector) ?? '<invalid>',
      ],
    };
  },
};

export const replicaSetPrinter: KindPrinter = {
  columns: replicaSetColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const rs = obj as unknown as WorkloadView;
    const [names, images] = containerCells(rs);
    return {
      cells: [
        rs.metadata.name ?? '',
        desiredReplicas(rs),
        rs.status?.replicas ?? 0,
        rs.status?.readyReplicas ?? 0,
        translateTimestampSince(rs.metadata.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(rs.spec?.selector),
      ],
    };
  },
};
