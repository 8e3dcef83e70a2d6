/**
 * ConfigMap table: NAME DATA AGE.
 *
 * Contract: pure. DATA is the number of keys in data plus binaryData (an integer cell).
 * Upstream: pkg/printers/internalversion/printers.go (printConfigMap)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { translateTimestampSince } from './age.js';
import { ageColumn, column, columns, nameColumn } from './columns.js';
import { miscDoc } from './descriptions.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

export interface ConfigMapView {
  metadata: ObjectMeta;
  data?: Record<string, string> | null;
  binaryData?: Record<string, string> | null;
}

export const configMapColumns = columns(nameColumn, column('Data', miscDoc.configMapData), ageColumn);

export const configMapPrinter: KindPrinter = {
  columns: configMapColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const cm = obj as unknown as ConfigMapView;
    const keys = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return { cells: [cm.metadata.name ?? '', keys, translateTimestampSince(cm.metadata.creationTimestamp, now)] };
  },
};
