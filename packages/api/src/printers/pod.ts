/**
 * Pod table: NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED NODE READINESS GATES].
 *
 * Contract: pure. READY/STATUS/RESTARTS come from podStatus.ts. Wide cells: the primary pod IP,
 * node name, nominated node name (each `<none>` when empty) and readiness gates as
 * `true/total` (`<none>` without gates). Succeeded and Failed pods carry a `Completed` row
 * condition, as upstream marks them.
 * Upstream: pkg/printers/internalversion/printers.go (printPod, podSuccessConditions)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { translateTimestampSince } from './age.js';
import { ageColumn, column, columns, nameColumn, wideColumn } from './columns.js';
import { podDoc } from './descriptions.js';
import { summarizePod, type PodSpecView, type PodStatusView } from './podStatus.js';
import type { KindPrinter, PrintedRow, TableRowCondition } from './kindPrinter.js';

export interface PodView {
  metadata: ObjectMeta;
  spec?: PodSpecView & {
    nodeName?: string;
    readinessGates?: Array<{ conditionType: string }> | null;
  };
  status?: PodStatusView & {
    podIP?: string;
    podIPs?: Array<{ ip: string }> | null;
    nominatedNodeName?: string;
  };
}

export const podColumns = columns(
  nameColumn,
  column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'The aggregate status of the containers in this pod.'),
  column(
    'Restarts',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  ageColumn,
  wideColumn('IP', podDoc.podIP),
  wideColumn('Node', podDoc.nodeName),
  wideColumn('Nominated Node', podDoc.nominatedNodeName),
  wideColumn('Readiness Gates', podDoc.readinessGates),
);

const completedConditions: Readonly<Record<string, TableRowCondition>> = {
  Succeeded: { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  Failed: { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
};

/**
 * The internal PodIPs[0]. Why podIP first: v1→internal conversion makes podIP authoritative when
 * it disagrees with podIPs[0] (and fills podIPs from it when empty).
 */
function primaryPodIP(pod: PodView): string {
  return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || '<none>';
}

/** `true/total` over spec.readinessGates, matching the first condition of each gate's type. */
function readinessGates(pod: PodView): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const satisfied = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True');
  return `${satisfied.length}/${gates.length}`;
}

export const podPrinter: KindPrinter = {
  columns: podColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const pod = obj as unknown as PodView;
    const deleting = Boolean(pod.metadata.deletionTimestamp);
    const summary = summarizePod(pod.spec ?? {}, pod.status ?? {}, deleting, now);
    const row: PrintedRow = {
      cells: [
        pod.metadata.name ?? '',
        summary.ready,
        summary.reason,
        summary.restarts,
        translateTimestampSince(pod.metadata.creationTimestamp, now),
        primaryPodIP(pod),
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readinessGates(pod),
      ],
    };
    const phase = pod.status?.phase;
    if (phase !== undefined && Object.hasOwn(completedConditions, phase)) {
      row.conditions = [{ ...completedConditions[phase] }];
    }
    return row;
  },
};
