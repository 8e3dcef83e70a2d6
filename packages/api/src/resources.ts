/**
 * The resource row of a kind: what routing, discovery, OpenAPI paths and field selectors need
 * to know of it (its URL names, scope, verbs, subresources, categories, selectable fields).
 *
 * Contract: pure data and helpers. Each row belongs to one kind descriptor (../kinds/*.ts);
 * the list of served rows and the lookups over it are indexes a `Scheme` derives
 * (scheme/scheme.ts), with the built-in kinds' ones in kinds/index.ts.
 * Upstream: the API groups as served by kube-apiserver v1.33 (`kubectl api-resources`).
 */

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** The verbs served on the main resource (discovery lists them). */
  verbs: string[];
  /**
   * Subresources served besides the main resource: `status` and `scale` (read and written like
   * the object), `binding` and `eviction` (create only: pods/binding, pods/eviction),
   * `finalize` (update only: namespaces/finalize writes spec.finalizers).
   */
  subresources: Array<'status' | 'scale' | 'binding' | 'eviction' | 'finalize' | 'log'>;
  /** Fields usable in a fieldSelector besides metadata.name / metadata.namespace. */
  selectableFields: string[];
  /**
   * kube hand-writes this kind's field-label conversion (core/v1 conversion.go): unsupported
   * fields get the strict wording and cluster-scoped kinds do not accept metadata.namespace.
   */
  strictFieldLabels: boolean;
  /** Whether spec changes bump metadata.generation (kinds with a spec/status split). */
  hasGeneration: boolean;
}

export const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** A row with kube's defaults: namespaced, every verb, singular = lower-case kind, no extras. */
export function resourceRow(p: Partial<ResourceInfo> & Pick<ResourceInfo, 'group' | 'version' | 'kind' | 'plural'>): ResourceInfo {
  return {
    singular: p.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: allVerbs,
    subresources: [],
    selectableFields: [],
    strictFieldLabels: false,
    hasGeneration: false,
    ...p,
  };
}

export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

export function listKindOf(info: Pick<ResourceInfo, 'kind'>): string {
  return `${info.kind}List`;
}
