/**
 * The scheme: the kinds a server serves, registered as descriptors, and every per-kind index
 * derived from them — routing rows, kubectl-style name resolution, group-versions, the OpenAPI
 * definitions, protobuf messages, printers, strategies and defaulting.
 *
 * Contract
 * - One instance per server, handed to whatever needs it (no module-level registry). Built-in
 *   kinds come from kinds/index.ts (`newBuiltinScheme`); more can be `register`ed at run time.
 * - `register` refuses a second descriptor for a group/version/kind or a group/version/plural;
 *   it bumps `generation` and calls the `onChange` listeners, and every derived index is
 *   rebuilt on next use (lookups between registrations are map reads).
 * - Derived values are shared: treat them as frozen.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/runtime/scheme.go; the RESTMapper kubectl uses
 * (k8s.io/client-go/restmapper) for `resolve`.
 */
import { typeFromSchema } from '../apply/typeFromSchema.js';
import type { TypeNode } from '../apply/typeFromSchema.js';
import { listDefinition, schemaNameOf } from '../openapi/definitions.js';
import { patchMetaFromSchema } from '../patch/patchMetaFromSchema.js';
import type { Schema as PatchMeta } from '../patch/patchMetaFromSchema.js';
import { metaDefinitions } from '../openapi/metaSchemas.js';
import type { Definitions } from '../openapi/schema.js';
import { defaultPrinter } from '../printers/defaultTable.js';
import type { KindPrinter } from '../printers/kindPrinter.js';
import { SchemaRegistry } from '../protobuf/schema.js';
import { autoscalingTables } from '../protobuf/tables/autoscaling.js';
import { metaTables } from '../protobuf/tables/meta.js';
import { subresourceMessages, subresourceTables } from '../protobuf/tables/subresources.js';
import { apiVersionOf, type ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { fieldZeroValues } from './fieldZeroValues.js';
import { gvkKey, type KindDescriptor } from './kindDescriptor.js';
import type { Strategy } from './strategy.js';

export interface GroupVersion {
  group: string;
  version: string;
}

/** The protobuf side of a scheme: which message a kind is, and the tables to decode it. */
export interface ProtobufKinds {
  message(apiVersion: string, kind: string): string | undefined;
  readonly tables: SchemaRegistry;
}

interface Derived {
  resources: readonly ResourceInfo[];
  byPlural: Map<string, ResourceInfo>;
  byKind: Map<string, KindDescriptor>;
  groupVersions: GroupVersion[];
  definitions?: Readonly<Definitions>;
  protobuf?: ProtobufKinds;
  fieldZeros: Map<string, ReadonlyMap<string, string>>;
}

const noStrategy: Strategy = Object.freeze({});

export class Scheme {
  private readonly kinds: KindDescriptor[] = [];
  private readonly listeners = new Set<() => void>();
  private derived: Derived | undefined;
  private gen = 0;

  constructor(kinds: readonly KindDescriptor[] = []) {
    for (const k of kinds) this.add(k);
  }

  /** Increases with every registration; derived documents are keyed by it. */
  get generation(): number {
    return this.gen;
  }

  /** Adds a kind while the server runs. Throws when its kind or plural is taken. */
  register(d: KindDescriptor): void {
    this.add(d);
    this.gen++;
    this.derived = undefined;
    for (const fn of [...this.listeners]) fn();
  }

  /** Calls `fn` after every registration; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private add(d: KindDescriptor): void {
    const r = d.resource;
    if (this.kinds.some((k) => gvkKey(k.resource) === gvkKey(r))) throw new Error(`scheme: kind ${gvkKey(r)} is already registered`);
    if (this.kinds.some((k) => k.resource.group === r.group && k.resource.version === r.version && k.resource.plural === r.plural)) {
      throw new Error(`scheme: resource ${r.plural} of ${apiVersionOf(r)} is already registered`);
    }
    if (!d.schema.definitions[schemaNameOf(r)]) throw new Error(`scheme: ${gvkKey(r)} brings no definition named ${schemaNameOf(r)}`);
    this.kinds.push(d);
  }

  private index(): Derived {
    if (this.derived) return this.derived;
    const resources = Object.freeze(this.kinds.map((k) => k.resource));
    const gvs = new Map<string, GroupVersion>();
    for (const r of resources) gvs.set(apiVersionOf(r), { group: r.group, version: r.version });
    this.derived = {
      resources,
      byPlural: new Map(resources.map((r) => [`${r.group}/${r.version}/${r.plural}`, r])),
      byKind: new Map(this.kinds.map((k) => [`${apiVersionOf(k.resource)}/${k.resource.kind}`, k])),
      groupVersions: [...gvs.values()],
      fieldZeros: new Map(),
    };
    return this.derived;
  }

  descriptors(): readonly KindDescriptor[] {
    return this.kinds;
  }

  /** Every served resource row, in registration order (discovery order). */
  resources(): readonly ResourceInfo[] {
    return this.index().resources;
  }

  /** Every API group-version, in registration order (core group first for the built-ins). */
  groupVersions(): readonly GroupVersion[] {
    return this.index().groupVersions;
  }

  findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.index().byPlural.get(`${group}/${version}/${plural}`);
  }

  /** The descriptor of `kind` in `apiVersion` (`v1`, `apps/v1`). */
  descriptor(apiVersion: string, kind: string): KindDescriptor | undefined {
    return this.index().byKind.get(`${apiVersion}/${kind}`);
  }

  findResourceByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.descriptor(apiVersion, kind)?.resource;
  }

  /** The descriptor behind a resource row. */
  descriptorOf(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): KindDescriptor | undefined {
    return this.descriptor(apiVersionOf(info), info.kind);
  }

  /**
   * kubectl-style lookup of a user-typed resource name: plural, singular, short name or kind,
   * optionally qualified by group (`deployments.apps`). Case-insensitive like kubectl.
   */
  resolve(typed: string): ResourceInfo | undefined {
    const lower = typed.toLowerCase();
    const dot = lower.indexOf('.');
    const name = dot < 0 ? lower : lower.slice(0, dot);
    const group = dot < 0 ? undefined : lower.slice(dot + 1);
    return this.resources().find(
      (x) =>
        (group === undefined || x.group === group) &&
        (x.plural === name || x.singular === name || x.kind.toLowerCase() === name || x.shortNames.includes(name)),
    );
  }

  /** Every component schema: the shared meta ones, each kind's, and the derived `<Kind>List`s. */
  definitions(): Readonly<Definitions> {
    const d = this.index();
    if (!d.definitions) {
      const out: Definitions = { ...metaDefinitions };
      for (const k of this.kinds) Object.assign(out, k.schema.definitions);
      for (const r of d.resources) {
        const [name, def] = listDefinition(r);
        out[name] = def;
      }
      d.definitions = Object.freeze(out);
    }
    return d.definitions;
  }

  /**
   * The protobuf messages of the registered kinds and of the subresource bodies (Scale, Binding,
   * Eviction); DeleteOptions decodes under any apiVersion.
   */
  protobuf(): ProtobufKinds {
    const d = this.index();
    if (!d.protobuf) {
      const tables = { ...metaTables, ...autoscalingTables, ...subresourceTables };
      const messages = new Map<string, string>([['autoscaling/v1/Scale', 'autoscaling.Scale'], ...subresourceMessages]);
      for (const k of this.kinds) {
        if (!k.protobuf) continue;
        Object.assign(tables, k.protobuf.tables);
        messages.set(`${apiVersionOf(k.resource)}/${k.resource.kind}`, k.protobuf.message);
      }
      const registry = new SchemaRegistry(tables);
      d.protobuf = {
        tables: registry,
        message: (apiVersion, kind) => (kind === 'DeleteOptions' ? 'DeleteOptions' : messages.get(`${apiVersion}/${kind}`)),
      };
    }
    return d.protobuf;
  }

  /**
   * What each selectable field of the kind reads as when absent ("false" for a boolean, "0" for
   * an integer, per its schema); fields not listed read as "".
   */
  fieldZeroValues(info: Pick<ResourceInfo, 'group' | 'version' | 'kind' | 'selectableFields'>): ReadonlyMap<string, string> {
    const d = this.index();
    const key = gvkKey(info);
    let zeros = d.fieldZeros.get(key);
    if (!zeros) {
      zeros = fieldZeroValues(this.definitions(), schemaNameOf(info), info.selectableFields);
      d.fieldZeros.set(key, zeros);
    }
    return zeros;
  }

  /** The kind's printer, or kube's default table. */
  printer(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): KindPrinter {
    return this.descriptorOf(info)?.printer ?? defaultPrinter;
  }

  /** The kind's strategic-merge-patch metadata, from its schema's `x-kubernetes-patch-*`. */
  patchMeta(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): PatchMeta {
    return patchMetaFromSchema(this.definitions(), schemaNameOf(info));
  }

  /** The kind's server-side-apply type, from its schema's `x-kubernetes-list-*`/`map-type`. */
  applyType(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): TypeNode {
    return typeFromSchema(this.definitions(), schemaNameOf(info));
  }

  /** The kind's own strategy (empty: kube's generic one). */
  strategy(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): Strategy {
    return this.descriptorOf(info)?.strategy ?? noStrategy;
  }

  /** The defaulting kube's decoder applies to a body of the kind, if it has any. */
  defaults(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): ((o: KubeObject) => KubeObject) | undefined {
    return this.descriptorOf(info)?.defaults;
  }
}
