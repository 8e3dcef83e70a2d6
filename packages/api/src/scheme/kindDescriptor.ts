/**
 * A kind descriptor: everything miniplane knows about one served kind, in one value, keyed by
 * its group/version/kind (kube's types.go + strategy.go + printer for a kind, without generated
 * code). A `Scheme` derives every per-kind index from these: routing and discovery rows, the
 * OpenAPI documents, the strategic-merge and server-side-apply metadata, protobuf decoding,
 * printing, field selectors and the strategies.
 *
 * Contract: plain data. `resource` is the kind's resource row; `schema.definitions` carries the
 * kind's OpenAPI definition (named `schemaNameOf(resource)`) and every definition it refers to
 * (shared ones may appear in several descriptors: the same name must mean the same schema);
 * `protobuf` names the message of the kind in `protobuf.tables` (kinds without it are refused
 * in protobuf, as kube refuses an unregistered kind); a kind without `printer` gets kube's
 * default table; `defaults` is the defaulting kube's decoder applies to every body of the kind
 * (before the field manager sees it); `strategy` is the kind's own create/update rules.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/runtime/scheme.go, pkg/api/legacyscheme
 */
import type { Definitions } from '../openapi/schema.js';
import type { KindPrinter } from '../printers/kindPrinter.js';
import type { MessageTables } from '../protobuf/schema.js';
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';

export interface KindDescriptor {
  readonly resource: ResourceInfo;
  readonly schema: { readonly definitions: Readonly<Definitions> };
  readonly protobuf?: { readonly message: string; readonly tables: MessageTables };
  readonly printer?: KindPrinter;
  readonly defaults?: (obj: KubeObject) => KubeObject;
  readonly strategy?: Strategy;
}

/** The key a kind is registered under: `group/version/Kind` (`/v1/Service` for core). */
export function gvkKey(k: { group: string; version: string; kind: string }): string {
  return `${k.group}/${k.version}/${k.kind}`;
}
