/**
 * The patch step of the write pipeline: a decoded patch body applied to the current object —
 * JSON patch, merge patch and strategic merge patch through the pure patch module, server-side
 * apply through the field manager — then held to the same checks as a decoded body: type meta,
 * Go's JSON types, and unknown fields (fieldValidation). The registry then defaults the result
 * and, for the patch types other than apply, records the Update in managedFields.
 *
 * Contract: `patchedObject` never edits `current` and returns a fresh object (the registry
 * stores it without copying) with the warnings fieldValidation=Warn produces. The result must
 * still be an object of the same kind (kube's 400/422 otherwise). With no `manager` (the scale
 * subresource, which records its own write on the parent) an apply merges like a strategic merge
 * patch.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go
 */
import { BadRequest, isPlainObject, type KubeObject, type ResourceInfo, type Scheme } from '@miniplane/api';
import { applyPatch } from '@miniplane/api/patch/applyPatch';
import { checkJsonTypes, checkTypeMeta, rejectUnknownPatchedFields, type FieldValidation, type PatchKind } from './objectChecks.js';
import { applyManaged, type KindInfo } from './fieldManagement.js';

export interface PatchRequest {
  type: PatchKind;
  /** The decoded body (JSON, or YAML for apply). */
  body: unknown;
  /** The manager the write is recorded under; undefined records nothing (scale records its own). */
  manager?: string;
  force?: boolean;
  /** Unknown fields in the patched object (JSON, merge, strategic): unset checks nothing (scale). */
  fieldValidation?: FieldValidation;
}

export function patchedObject(
  scheme: Scheme, info: KindInfo, current: KubeObject, p: PatchRequest, sub: string,
): { obj: KubeObject; warnings: string[] } {
  let out: unknown;
  const meta = scheme.descriptorOf(info) ? scheme.patchMeta(info) : undefined;
  if (p.type === 'apply' && p.manager === undefined) {
    // Apply to the scale subresource merges like a strategic merge patch; setScale records the
    // write as an Update on the parent. TODO(issue 3): run it through the field manager as kube does.
    if (!isPlainObject(p.body)) throw new BadRequest('error decoding YAML: the applied configuration must be an object');
    out = applyPatch(info.kind, 'strategic', current, p.body, meta);
  } else if (p.type === 'apply') {
    out = applyManaged(scheme, info, current, p.body, p.manager!, !!p.force, sub);
    checkName(current, out as KubeObject);
  } else {
    out = applyPatch(info.kind, p.type, current, p.body, meta);
  }
  if (!isPlainObject(out)) throw new BadRequest(`the patched object is not a ${info.kind}`);
  checkTypeMeta(info as ResourceInfo, out);
  if (!isPlainObject(out.metadata)) out.metadata = {};
  checkJsonTypes(info, out, scheme.definitions());
  let warnings: string[] = [];
  if (p.type !== 'apply' && p.fieldValidation) warnings = rejectUnknownPatchedFields(info, p.fieldValidation, p.type, p.body, out, scheme.definitions());
  return { obj: out as KubeObject, warnings };
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
