/**
 * apps/v1 ControllerRevision: an immutable snapshot of a controller's template (the StatefulSet
 * controller writes one per template revision; `kubectl rollout history statefulset` reads
 * them). `data` is kept as sent; `revision` is required. Printed `NAME CONTROLLER REVISION AGE`.
 * Upstream: staging/src/k8s.io/api/apps/v1/types.go (ControllerRevision),
 * pkg/printers/internalversion/printers.go (printControllerRevision)
 */
import { int64, kind, open, type Definitions } from '../openapi/schema.js';
import { translateTimestampSince } from '../printers/age.js';
import { ageColumn, column, columns, nameColumn } from '../printers/columns.js';
import type { KindPrinter } from '../printers/kindPrinter.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';

const definitions: Definitions = {
  'io.k8s.api.apps.v1.ControllerRevision': kind({ group: 'apps', version: 'v1', kind: 'ControllerRevision' }, 'ControllerRevision implements an immutable snapshot of state data. Clients are responsible for serializing and deserializing the objects that contain their internal state. Once a ControllerRevision has been successfully created, it can not be updated. The API Server will fail validation of all requests that attempt to mutate the Data field. ControllerRevisions may, however, be deleted. Note that, due to its use by both the DaemonSet and StatefulSet controllers for update and rollback, this object is beta. However, it may be subject to name and representation changes in future releases, and clients should not depend on its stability. It is primarily for internal use by controllers.', {
    data: open('Data is the serialized representation of the state.'),
    revision: int64('Revision indicates the revision of the state represented by Data.', { default: 0 }),
  }, { required: ['revision'] }),
};

const printer: KindPrinter = {
  columns: columns(nameColumn, column('Controller', 'Controller of the object'), column('Revision', 'Revision of the ControllerRevision', { type: 'integer' }), ageColumn),
  print(obj, now) {
    const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
    const group = ref?.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
    const controller = ref ? `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}` : '<none>';
    return { cells: [obj.metadata.name ?? '', controller, Number((obj as { revision?: number }).revision ?? 0), translateTimestampSince(obj.metadata.creationTimestamp, now)] };
  },
};

export const controllerRevisionKind: KindDescriptor = {
  resource: resourceRow({ group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions' }),
  schema: { definitions },
  printer,
};
