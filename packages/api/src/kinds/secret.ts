/**
 * core/v1 Secret: its resource row (field selector `type`, kube's strict field-label
 * conversion), OpenAPI schema, protobuf message (so `kubectl create secret` works), the
 * `NAME TYPE DATA AGE` printer and its strategy (secretStrategy.ts).
 * Upstream: staging/src/k8s.io/api/core/v1/types.go and generated.proto (Secret),
 * pkg/printers/internalversion/printers.go (printSecret), pkg/apis/core/v1/conversion.go
 */
import { bool, core, kind, str, strMap, type Definitions } from '../openapi/schema.js';
import { translateTimestampSince } from '../printers/age.js';
import { ageColumn, column, columns, nameColumn } from '../printers/columns.js';
import type { KindPrinter } from '../printers/kindPrinter.js';
import type { MessageTables } from '../protobuf/schema.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { defaultSecret, secretStrategy, type Secret } from './secretStrategy.js';

const docs = {
  kind: 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
  data: "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
  immutable: 'Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.',
  stringData: 'stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values. The stringData field is never output when reading from the API.',
  type: 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
};

const definitions: Definitions = {
  [core('Secret')]: kind({ group: '', version: 'v1', kind: 'Secret' }, docs.kind, {
    data: { additionalProperties: { format: 'byte', type: 'string' }, description: docs.data, type: 'object' },
    immutable: bool(docs.immutable),
    stringData: strMap(docs.stringData),
    type: str(docs.type),
  }),
};

/** generated.proto `message Secret`: type is 3, stringData 4 (added later). */
const tables: MessageTables = {
  Secret: { 1: 'metadata: ObjectMeta', 2: 'data: map[bytes]', 3: 'type: string', 4: 'stringData: map[string]', 5: 'immutable: bool!' },
};

const printer: KindPrinter = {
  columns: columns(nameColumn, column('Type', docs.type), column('Data', docs.data), ageColumn),
  print(obj, now) {
    const s = obj as Secret;
    return { cells: [s.metadata.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, translateTimestampSince(s.metadata.creationTimestamp, now)] };
  },
};

export const secretKind: KindDescriptor = {
  resource: resourceRow({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', selectableFields: ['type'], strictFieldLabels: true }),
  schema: { definitions },
  protobuf: { message: 'Secret', tables },
  printer,
  defaults: (o) => defaultSecret(o as Secret),
  strategy: secretStrategy,
};
