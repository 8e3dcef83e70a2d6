/**
 * core/v1 ServiceAccount: its resource row (short name `sa`), OpenAPI schema, protobuf message
 * (so `kubectl create serviceaccount` works) and the `NAME SECRETS AGE` printer. kube validates
 * nothing but the metadata (the name a DNS-1123 subdomain, the generic default).
 * Upstream: staging/src/k8s.io/api/core/v1/types.go and generated.proto (ServiceAccount),
 * pkg/printers/internalversion/printers.go (printServiceAccount), pkg/apis/core/validation
 * (ValidateServiceAccount)
 */
import { bool, core, kind, list, type Definitions } from '../openapi/schema.js';
import { podDefinitions } from '../openapi/podSchemas.js';
import { serviceDefinitions } from '../openapi/serviceSchemas.js';
import { translateTimestampSince } from '../printers/age.js';
import { ageColumn, column, columns, nameColumn } from '../printers/columns.js';
import type { KindPrinter } from '../printers/kindPrinter.js';
import type { MessageTables } from '../protobuf/schema.js';
import { coreClusterTables } from '../protobuf/tables/coreCluster.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';

const docs = {
  kind: 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets',
  automount: 'AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted. Can be overridden at the pod level.',
  imagePullSecrets: 'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount. ImagePullSecrets are distinct from Secrets because Secrets can be mounted in the pod, but ImagePullSecrets are only accessed by the kubelet. More info: https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod',
  secrets: 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
};

const definitions: Definitions = {
  [core('ServiceAccount')]: kind({ group: '', version: 'v1', kind: 'ServiceAccount' }, docs.kind, {
    automountServiceAccountToken: bool(docs.automount),
    imagePullSecrets: list(core('LocalObjectReference'), docs.imagePullSecrets, { listType: 'atomic' }),
    secrets: list(core('ObjectReference'), docs.secrets, { listType: 'map', mapKeys: ['name'], mergeKey: 'name' }),
  }),
  [core('LocalObjectReference')]: podDefinitions[core('LocalObjectReference')]!,
  [core('ObjectReference')]: serviceDefinitions[core('ObjectReference')]!,
};

/** generated.proto `message ServiceAccount`. */
const tables: MessageTables = {
  ServiceAccount: { 1: 'metadata: ObjectMeta', 2: 'secrets: []ObjectReference', 3: 'imagePullSecrets: []LocalObjectReference', 4: 'automountServiceAccountToken: bool!' },
  ObjectReference: coreClusterTables.ObjectReference!,
  LocalObjectReference: coreClusterTables.LocalObjectReference!,
};

const printer: KindPrinter = {
  columns: columns(nameColumn, column('Secrets', docs.secrets), ageColumn),
  print(obj, now) {
    const secrets = (obj as { secrets?: unknown[] }).secrets;
    return { cells: [obj.metadata.name ?? '', secrets?.length ?? 0, translateTimestampSince(obj.metadata.creationTimestamp, now)] };
  },
};

export const serviceAccountKind: KindDescriptor = {
  resource: resourceRow({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'] }),
  schema: { definitions },
  protobuf: { message: 'ServiceAccount', tables },
  printer,
};
