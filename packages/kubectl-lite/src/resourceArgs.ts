/**
 * The resource arguments kubectl verbs take: `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME ...`, with
 * short names, kinds, `resource.group` and the `all` category.
 *
 * Contract: resolves to targets in the order typed (one per type; names merged per type for the
 * `TYPE/NAME` form); an empty name list means "list them". An unknown type is
 * `UnknownResourceType`; mixing the forms or giving no type are kubectl's usage errors.
 * Upstream: staging/src/k8s.io/cli-runtime/pkg/resource/builder.go (ResourceTypeOrNameArgs)
 */
import type { RestClient } from '@miniplane/client';
import type { ApiResource, Discovery } from './discovery.js';
import { CliError, UnknownResourceType } from './errors.js';
import { listObjects, type ListOptions } from './fetch.js';

export interface Target {
  resource: ApiResource;
  names: string[];
}

/** One object a verb acts on. */
export interface TargetObject {
  resource: ApiResource;
  namespace: string | undefined;
  name: string;
}

/** Where a target's objects are: the current namespace, every one with `-A` (undefined), none when cluster-scoped. */
export function targetNamespace(t: Target, current: string, allNamespaces: boolean): string | undefined {
  return t.resource.namespaced ? (allNamespaces ? undefined : current) : undefined;
}

/** The objects a target names or, naming none, those its list in `namespace` finds with the verb's selectors. */
export async function targetObjects(client: RestClient, t: Target, namespace: string | undefined, selectors: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>): Promise<TargetObject[]> {
  if (t.names.length) return t.names.map((name) => ({ resource: t.resource, namespace, name }));
  const { items } = await listObjects(client, t.resource, { namespace, ...selectors });
  return items.map((o) => ({ resource: t.resource, namespace: o.metadata?.namespace, name: o.metadata?.name ?? '' }));
}

const typePrefix = { node: /^(?:nodes?|no)\//, pod: /^(?:pods?|po)\// } as const;

/**
 * NAME from `NAME` or `TYPE/NAME` for verbs that work on one kind (cordon, drain, sim, pod-env):
 * TYPE may be the kind's plural, singular or short name, as kubectl's builder takes it there.
 */
export function bareName(arg: string, kind: keyof typeof typePrefix): string {
  return arg.replace(typePrefix[kind], '');
}

export function needTypeError(verb: string): CliError {
  return new CliError(`You must specify the type of resource to ${verb}. Use "kubectl api-resources" for a complete list of supported resources.\n`);
}

async function expand(d: Discovery, type: string): Promise<ApiResource[]> {
  const r = await d.resolve(type);
  if (r) return [r];
  const inCategory = (await d.all()).filter((x) => x.categories.includes(type.toLowerCase()));
  if (inCategory.length) return inCategory;
  throw new UnknownResourceType(type);
}

export async function resolveTargets(d: Discovery, args: readonly string[], verb: string): Promise<Target[]> {
  if (args.length === 0) throw needTypeError(verb);
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length && slashed.length !== args.length) {
    throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${verb} resource/<resource_name>' instead of 'kubectl ${verb} resource resource/<resource_name>'`);
  }
  const targets: Target[] = [];
  if (slashed.length) {
    for (const a of args) {
      const slash = a.indexOf('/');
      const name = a.slice(slash + 1);
      if (!name) throw new CliError(`arguments in resource/name form must have a single resource and name`);
      const [r] = await expand(d, a.slice(0, slash));
      const t = targets.find((x) => x.resource === r);
      if (t) t.names.push(name);
      else targets.push({ resource: r!, names: [name] });
    }
    return targets;
  }
  const [types, ...names] = args;
  for (const type of types!.split(',').filter(Boolean)) {
    for (const r of await expand(d, type)) if (!targets.some((t) => t.resource === r)) targets.push({ resource: r, names: [...names] });
  }
  return targets;
}
