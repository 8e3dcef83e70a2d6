import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { defaultStatefulSet } from '../kinds/statefulSet.js';
import type { KubeObject } from '../types.js';
import { validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from './statefulSet.js';

type Obj = Record<string, unknown>;

/** A defaulted StatefulSet `web` selecting app=web, its spec overridden by `spec` (undefined deletes a field). */
function sts(spec: Obj = {}, template: Obj = {}): KubeObject {
  const base: Obj = {
    serviceName: 'web',
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, ...template },
  };
  const merged = { ...base, ...spec };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  const o = defaultStatefulSet({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: merged });
  // Fields set after defaulting, as a client could send them (e.g. an odd policy).
  return deepFreeze(o);
}

const withSpec = (o: KubeObject, spec: Obj): KubeObject => deepFreeze({ ...o, spec: { ...(o.spec as Obj), ...spec } });

t.test('validateStatefulSet', async (t) => {
  const cases: Array<{ name: string; given: KubeObject; want: string[] }> = [
    { name: 'valid', given: sts(), want: [] },
    { name: 'Parallel, OnDelete, Delete policies', given: sts({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }), want: [] },
    // 0 replicas is a valid (scaled-down) set; -1 is not.
    { name: 'negative numbers', given: sts({ replicas: -1, minReadySeconds: -2, ordinals: { start: -3 } }), want: [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0',
      'spec.ordinals.start: Invalid value: -3: must be greater than or equal to 0',
    ] },
    { name: 'podManagementPolicy', given: sts({ podManagementPolicy: 'Sometimes' }), want: ["spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'"] },
    { name: 'updateStrategy type', given: sts({ updateStrategy: { type: 'Sideways' } }), want: ["spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Sideways\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'"] },
    { name: 'OnDelete with rollingUpdate', given: sts({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 2 } } }), want: ["spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'"] },
    { name: 'negative partition', given: sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }), want: ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'retention policy', given: sts({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Retain' } }), want: ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"'] },
    // A missing selector is required and, as labels.Nothing(), matches no template either.
    { name: 'no selector', given: sts({ selector: undefined }), want: ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'] },
    // An empty selector selects everything, so there is no match error, only the empty one.
    { name: 'empty selector', given: sts({ selector: { matchLabels: {} } }), want: ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset'] },
    { name: 'selector does not match', given: sts({ selector: { matchLabels: { app: 'db' } } }), want: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'] },
    { name: 'template without labels', given: sts({}, { metadata: {} }), want: ['spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`'] },
    {
      name: 'bad selector expressions',
      given: sts({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }, { key: 'x', operator: 'Exists', values: ['y'] }] } }),
      want: [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string{}}, v1.LabelSelectorRequirement{Key:"x", Operator:"Exists", Values:[]string{"y"}}}}',
      ],
    },
    { name: 'bad operator', given: sts({ selector: { matchExpressions: [{ key: 'app', operator: 'Is', values: ['web'] }] } }), want: [
      'spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Is", Values:[]string{"web"}}}}',
    ] },
    { name: 'bad label value in selector', given: sts({ selector: { matchLabels: { app: 'a b' } } }, { metadata: { labels: { app: 'a b' } } }), want: [
      "spec.selector.matchLabels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"a b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    ] },
    { name: 'restartPolicy and activeDeadlineSeconds', given: sts({}, { spec: { restartPolicy: 'Never', activeDeadlineSeconds: 5, containers: [] } }), want: [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
    ] },
    { name: 'template annotations', given: sts({}, { metadata: { labels: { app: 'web' }, annotations: { 'kubernetes.io/config.mirror': 'x', 'controller.kubernetes.io/pod-deletion-cost': '01' } } }), want: [
      'spec.template.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set',
      'spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "01": must be a 32bit integer',
    ] },
    // -5 and 2^31-1 are int32s; 2^31 is not.
    { name: 'deletion costs', given: sts({}, { metadata: { labels: { app: 'web' }, annotations: { 'controller.kubernetes.io/pod-deletion-cost': '2147483648' } } }), want: ['spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "2147483648": must be a 32bit integer'] },
    { name: 'negative deletion cost', given: sts({}, { metadata: { labels: { app: 'web' }, annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-5' } } }), want: [] },
    { name: 'bad template label key', given: sts({ selector: { matchLabels: { app: 'web' } } }, { metadata: { labels: { app: 'web', '-x': 'y' } } }), want: ["spec.template.labels: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"] },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(validateStatefulSet(c.given).map(String), c.want));
});

t.test('validateStatefulSetUpdate', async (t) => {
  const old = sts({ replicas: 3 });
  const forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
  const cases: Array<{ name: string; spec: Obj; want: string[] }> = [
    { name: 'nothing changed', spec: {}, want: [] },
    { name: 'the mutable fields', spec: { replicas: 5, ordinals: { start: 2 }, minReadySeconds: 10, updateStrategy: { type: 'OnDelete' }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' }, template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'nginx:2' }] } } }, want: [] },
    // Go's semantic equality: an explicit empty list equals an absent one.
    { name: 'empty list for absent', spec: { volumeClaimTemplates: [] }, want: [] },
    { name: 'serviceName', spec: { serviceName: 'other' }, want: [forbidden] },
    { name: 'selector', spec: { selector: { matchLabels: { app: 'web', tier: 'x' } } }, want: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`', forbidden] },
    { name: 'podManagementPolicy', spec: { podManagementPolicy: 'Parallel' }, want: [forbidden] },
    { name: 'revisionHistoryLimit', spec: { revisionHistoryLimit: 3 }, want: [forbidden] },
    { name: 'volumeClaimTemplates', spec: { volumeClaimTemplates: [{ metadata: { name: 'www' } }] }, want: [forbidden] },
    // The new spec is validated too.
    { name: 'negative replicas', spec: { replicas: -1 }, want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'] },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(validateStatefulSetUpdate(withSpec(old, c.spec), old).map(String), c.want));
});

t.test('defaultStatefulSet types the strategy as kube does', async (t) => {
  const strategy = (given: unknown) => (defaultStatefulSet({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {}, spec: { updateStrategy: given } }).spec as Obj).updateStrategy;
  t.strictSame(strategy(undefined), { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  // A given RollingUpdate without rollingUpdate stays without (kube adds it only when it sets the type).
  t.strictSame(strategy({ type: 'RollingUpdate' }), { type: 'RollingUpdate' });
  t.strictSame(strategy({ type: 'RollingUpdate', rollingUpdate: {} }), { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  t.strictSame(strategy({ type: 'OnDelete' }), { type: 'OnDelete' });
});

t.test('validateStatefulSetStatusUpdate', async (t) => {
  const withStatus = (status: Obj) => deepFreeze({ ...sts(), status }) as KubeObject;
  const old = withStatus({ replicas: 3, readyReplicas: 3, availableReplicas: 3, collisionCount: 2 });
  const cases: Array<{ name: string; status: Obj; want: string[] }> = [
    { name: 'consistent', status: { replicas: 3, readyReplicas: 2, currentReplicas: 3, updatedReplicas: 1, availableReplicas: 2, observedGeneration: 1, collisionCount: 2 }, want: [] },
    // A count may equal replicas; one more is too many.
    { name: 'above replicas', status: { replicas: 2, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, collisionCount: 2 }, want: [
      'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.currentReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.updatedReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
    ] },
    { name: 'available above ready', status: { replicas: 3, readyReplicas: 1, availableReplicas: 2, collisionCount: 2 }, want: ['status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas'] },
    // An absent count is 0, which a negative replicas is below: kube reports those too.
    { name: 'negative', status: { replicas: -1, observedGeneration: -1, collisionCount: 2 }, want: [
      'status.replicas: Invalid value: -1: must be greater than or equal to 0',
      'status.observedGeneration: Invalid value: -1: must be greater than or equal to 0',
      ...['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'].map((k) => `status.${k}: Invalid value: 0: cannot be greater than status.replicas`),
    ] },
    // Dropping a collisionCount counts as decrementing it.
    { name: 'collisionCount decremented', status: { replicas: 0, collisionCount: 1 }, want: ['status.collisionCount: Invalid value: 1: cannot be decremented'] },
    { name: 'collisionCount dropped', status: { replicas: 0 }, want: ['status.collisionCount: Invalid value: 0: cannot be decremented'] },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(validateStatefulSetStatusUpdate(withStatus(c.status), old).map(String), c.want));
});
