/**
 * Applies a decoded patch body to the current object: JSON patch, merge patch and strategic
 * merge patch through the pure patch module; server-side apply through the apply module.
 * The result must still be an object of the same kind (kube's 400/422 otherwise).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go
 */
import { BadRequest, isPlainObject, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { applyPatch } from '@miniplane/api/patch/applyPatch';
import { checkTypeMeta, type PatchKind } from './body.js';

export interface PatchOptions {
  fieldManager?: string;
  force?: boolean;
}

export function applyPatchTo(info: Pick<ResourceInfo, 'kind' | 'group' | 'version'>, kind: PatchKind, current: KubeObject, patch: unknown, _o: PatchOptions): KubeObject {
  let out: unknown;
  if (kind === 'apply') {
    if (!isPlainObject(patch)) throw new BadRequest('error decoding YAML: the applied configuration must be an object');
    out = applyPatch(info.kind, 'strategic', current, patch);
  } else {
    out = applyPatch(info.kind, kind, current, patch);
  }
  if (!isPlainObject(out)) throw new BadRequest(`the patched object is not a ${info.kind}`);
  checkTypeMeta(info as ResourceInfo, out);
  if (!isPlainObject(out.metadata)) out.metadata = {};
  return out as KubeObject;
}
