/**
 * Applies a decoded patch body to the current object: JSON patch, merge patch and strategic
 * merge patch through the pure patch module; server-side apply through the apply module.
 * The result must still be an object of the same kind (kube's 400/422 otherwise).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go
 */
import { BadRequest, builtinDefinitions, isPlainObject, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { applyPatch } from '@miniplane/api/patch/applyPatch';
import { checkJsonTypes, checkTypeMeta, type PatchKind } from './body.js';
import type { Schema as PatchMeta } from '@miniplane/api/patch/patchMeta';
import { applyManaged, recordManagedFields, type KindTyping } from './managedFieldsHook.js';
import { rejectUnknownPatchedFields, type FieldValidation } from './fieldValidation.js';

export interface PatchOptions {
  /** The manager the write is recorded under; undefined records nothing here (scale records its own). */
  fieldManager?: string;
  force?: boolean;
  subresource?: string;
  /** Unknown fields in the patched object (JSON, merge, strategic): unset checks nothing (scale). */
  fieldValidation?: FieldValidation;
  /** Receives fieldValidation=Warn's warnings. */
  warn?(warnings: string[]): void;
  /** What the scheme knows of the kind (defaulting, types, definitions); default: the built-in kind's. */
  typing?: KindTyping;
  /** The kind's strategic-merge metadata; default: the built-in kind's. */
  patchMeta?: PatchMeta;
}

export function applyPatchTo(info: Pick<ResourceInfo, 'kind' | 'group' | 'version'>, kind: PatchKind, current: KubeObject, patch: unknown, o: PatchOptions): KubeObject {
  let out: unknown;
  if (kind === 'apply' && o.fieldManager === undefined) {
    // Apply to the scale subresource merges like a strategic merge patch; setScale records the
    // write as an Update on the parent. TODO(issue 3): run it through the field manager as kube does.
    if (!isPlainObject(patch)) throw new BadRequest('error decoding YAML: the applied configuration must be an object');
    out = applyPatch(info.kind, 'strategic', current, patch, o.patchMeta);
  } else if (kind === 'apply') {
    out = applyManaged(info, current, patch, o.fieldManager!, !!o.force, o.subresource ?? '', o.typing ?? {});
    checkName(current, out as KubeObject);
  } else {
    out = applyPatch(info.kind, kind, current, patch, o.patchMeta);
  }
  if (!isPlainObject(out)) throw new BadRequest(`the patched object is not a ${info.kind}`);
  checkTypeMeta(info as ResourceInfo, out);
  if (!isPlainObject(out.metadata)) out.metadata = {};
  checkJsonTypes(info, out);
  if (kind !== 'apply' && o.fieldValidation) o.warn?.(rejectUnknownPatchedFields(info, o.fieldValidation, kind, patch, out, o.typing?.definitions ?? builtinDefinitions()));
  if (kind !== 'apply' && o.fieldManager !== undefined) return recordManagedFields(info, current, out as KubeObject, o.fieldManager, o.subresource ?? '', o.typing ?? {});
  return out as KubeObject;
}

/** An applied configuration names the object of the URL (kube's checkName after the patch). */
function checkName(current: KubeObject, out: KubeObject): void {
  const want = current.metadata?.name ?? '';
  if ((out.metadata?.name ?? '') !== want) {
    throw new BadRequest(`the name of the object (${out.metadata?.name ?? ''}) does not match the name on the URL (${want})`);
  }
  const ns = current.metadata?.namespace;
  if (ns !== undefined && out.metadata?.namespace !== undefined && out.metadata.namespace !== ns) {
    throw new BadRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}
