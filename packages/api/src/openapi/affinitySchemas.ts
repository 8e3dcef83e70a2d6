/**
 * Pod scheduling affinity (core/v1): node affinity, pod affinity and anti-affinity. Every list
 * here is atomic, so patches replace them whole.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (Affinity, NodeSelector, PodAffinityTerm)
 */
import { core, int32, list, meta, obj, ref, str, strList, type Definitions, type Schema } from './schema.js';

const ignored = 'If the affinity requirements specified by this field cease to be met at some point during pod execution (e.g. due to an update), the system may or may not try to eventually evict the pod from its node.';

function podAffinity(description: string, anti: boolean): Schema {
  const verb = anti ? 'anti-affinity' : 'affinity';
  return obj(description, {
    preferredDuringSchedulingIgnoredDuringExecution: list(core('WeightedPodAffinityTerm'), `The scheduler will prefer to schedule pods to nodes that satisfy the ${verb} expressions specified by this field, but it may choose a node that violates one or more of the expressions.`, { listType: 'atomic' }),
    requiredDuringSchedulingIgnoredDuringExecution: list(core('PodAffinityTerm'), `If the ${verb} requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node. ${ignored}`, { listType: 'atomic' }),
  });
}

export const affinityDefinitions: Definitions = {
  [core('Affinity')]: obj('Affinity is a group of affinity scheduling rules.', {
    nodeAffinity: ref(core('NodeAffinity'), 'Describes node affinity scheduling rules for the pod.'),
    podAffinity: ref(core('PodAffinity'), 'Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s)).'),
    podAntiAffinity: ref(core('PodAntiAffinity'), 'Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s)).'),
  }),
  [core('NodeAffinity')]: obj('Node affinity is a group of node affinity scheduling rules.', {
    preferredDuringSchedulingIgnoredDuringExecution: list(core('PreferredSchedulingTerm'), 'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.', { listType: 'atomic' }),
    requiredDuringSchedulingIgnoredDuringExecution: ref(core('NodeSelector'), `If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node. ${ignored}`),
  }),
  [core('NodeSelector')]: obj(
    'A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.',
    { nodeSelectorTerms: list(core('NodeSelectorTerm'), 'Required. A list of node selector terms. The terms are ORed.', { listType: 'atomic' }) },
    { required: ['nodeSelectorTerms'], mapType: 'atomic' },
  ),
  [core('NodeSelectorTerm')]: obj(
    'A null or empty node selector term matches no objects. The requirements of them are ANDed.',
    {
      matchExpressions: list(core('NodeSelectorRequirement'), "A list of node selector requirements by node's labels.", { listType: 'atomic' }),
      matchFields: list(core('NodeSelectorRequirement'), "A list of node selector requirements by node's fields.", { listType: 'atomic' }),
    },
    { mapType: 'atomic' },
  ),
  [core('NodeSelectorRequirement')]: obj(
    'A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    {
      key: str('The label key that the selector applies to.', { default: '' }),
      operator: str("Represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt.", { default: '' }),
      values: strList('An array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. If the operator is Gt or Lt, the values array must have a single element, which will be interpreted as an integer.'),
    },
    { required: ['key', 'operator'] },
  ),
  [core('PreferredSchedulingTerm')]: obj(
    "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op). A null preferred scheduling term matches no objects (i.e. is also a no-op).",
    {
      preference: ref(core('NodeSelectorTerm'), 'A node selector term, associated with the corresponding weight.', { default: {} }),
      weight: int32('Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.', { default: 0 }),
    },
    { required: ['weight', 'preference'] },
  ),
  [core('PodAffinity')]: podAffinity('Pod affinity is a group of inter pod affinity scheduling rules.', false),
  [core('PodAntiAffinity')]: podAffinity('Pod anti affinity is a group of inter pod anti affinity scheduling rules.', true),
  [core('PodAffinityTerm')]: obj(
    'Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running',
    {
      labelSelector: ref(meta('LabelSelector'), "A label query over a set of resources, in this case pods. If it's null, this PodAffinityTerm matches with no Pods."),
      matchLabelKeys: strList('MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.'),
      mismatchLabelKeys: strList('MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.'),
      namespaceSelector: ref(meta('LabelSelector'), 'A label query over the set of namespaces that the term applies to.'),
      namespaces: strList('namespaces specifies a static list of namespace names that the term applies to.'),
      topologyKey: str('This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches that of any node on which any of the selected pods is running. Empty topologyKey is not allowed.', { default: '' }),
    },
    { required: ['topologyKey'] },
  ),
  [core('WeightedPodAffinityTerm')]: obj(
    'The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)',
    {
      podAffinityTerm: ref(core('PodAffinityTerm'), 'Required. A pod affinity term, associated with the corresponding weight.', { default: {} }),
      weight: int32('weight associated with matching the corresponding podAffinityTerm, in the range 1-100.', { default: 0 }),
    },
    { required: ['weight', 'podAffinityTerm'] },
  ),
};
