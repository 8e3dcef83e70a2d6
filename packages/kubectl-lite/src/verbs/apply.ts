/**
 * `kubectl apply -f` (files, directories, `-`, URLs, multi-document YAML): client-side apply
 * with the last-applied annotation and kubectl's three-way patch, or `--server-side`.
 *
 * Contract (client-side): the configuration is annotated with itself
 * (`kubectl.kubernetes.io/last-applied-configuration`, Go JSON with `annotations: {}` and the
 * namespace, plus a newline); a missing object is created (`created`); otherwise the patch from
 * (last-applied, configuration, live) is sent as a strategic merge patch for built-in kinds and
 * a JSON merge patch for others (`configured`), or nothing is sent (`unchanged`). A live object
 * without the annotation gets kubectl's warning and is patched as if it had none.
 * Server-side: an apply patch (`fieldManager=kubectl`, `--force-conflicts`) per object
 * (`serverside-applied`). Failures are reported per object; exit 1 if any failed.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/apply/{apply.go,patcher.go},
 * staging/src/k8s.io/kubectl/pkg/util/apply.go (GetModifiedConfiguration)
 */
import { patchMetaFor } from '@miniplane/api/patch/patchMeta';
import { goJson } from '@miniplane/api/apply/fieldPath';
import { eachReported } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import { objectPath } from '../discovery.js';
import { readManifests, type Manifest } from '../manifests.js';
import { objectTarget, wrapWriteError, type ObjectTarget } from '../objectTarget.js';
import type { KubeObj } from '../output/printObjects.js';
import type { Session } from '../session.js';
import { threeWayPatch } from '../apply/threeWayPatch.js';
import { postObject } from './create.js';
import { dryRunOf, writeFlags, writtenText } from './writeOutput.js';

export const flags: readonly FlagSpec[] = [
  ...writeFlags,
  { name: 'server-side', type: 'bool' },
  { name: 'force-conflicts', type: 'bool' },
];

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
export const builtInGroups = new Set(['', 'apps', 'discovery.k8s.io', 'networking.k8s.io', 'coordination.k8s.io', 'batch', 'policy', 'rbac.authorization.k8s.io', 'autoscaling', 'storage.k8s.io']);

/** The configuration with its own last-applied annotation, as kubectl builds it. */
export function annotated(config: KubeObj, namespace: string | undefined): KubeObj {
  const metadata = { ...(config.metadata ?? {}) } as Record<string, unknown>;
  if (namespace !== undefined) metadata.namespace = namespace;
  const annotations = { ...((metadata.annotations as Record<string, string> | undefined) ?? {}) };
  delete annotations[lastAppliedAnnotation];
  const bare = { ...config, metadata: { ...metadata, annotations } };
  return { ...config, metadata: { ...metadata, annotations: { ...annotations, [lastAppliedAnnotation]: goJson(bare) + '\n' } } } as KubeObj;
}

export async function run(s: Session, args: string[]): Promise<number> {
  void args;
  const f = s.flags;
  const dryRunText = f.string('dry-run');
  const dryRun = dryRunOf(dryRunText === 'unchanged' ? 'client' : dryRunText);
  const sources = f.strings('filename');
  if (!sources.length) throw new (await import('../errors.js')).CliError('must specify one of -f and -k');
  const manifests = await readManifests(sources, f.bool('recursive'), s.io);
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  return eachReported(manifests, s.io, conn.server, async (m) => {
    const t = await objectTarget(disc, conn, m);
    const [obj, operation] = f.bool('server-side') ? await serverSide(s, t, m, dryRun) : await clientSide(s, t, m, dryRun);
    s.io.out(writtenText(t.resource, obj, operation, f.string('output'), dryRun));
  });
}

async function serverSide(s: Session, t: ObjectTarget, m: Manifest, dryRun: string | undefined): Promise<[KubeObj, string]> {
  const conn = await s.conn();
  const body = { ...m.object, metadata: { ...m.object.metadata, ...(t.namespace ? { namespace: t.namespace } : {}) } };
  try {
    const out = await conn.client.request<KubeObj>({
      method: 'PATCH', path: objectPath(t.resource, t.namespace, t.name), body: JSON.stringify(body), contentType: 'application/apply-patch+yaml',
      query: { fieldManager: s.flags.string('field-manager') ?? 'kubectl', fieldValidation: 'Strict', force: s.flags.bool('force-conflicts') || undefined, dryRun: dryRun === 'server' ? 'All' : undefined },
    });
    return [out, 'serverside-applied'];
  } catch (e: unknown) {
    throw wrapWriteError(e, 'patching', m.source);
  }
}

async function clientSide(s: Session, t: ObjectTarget, m: Manifest, dryRun: string | undefined): Promise<[KubeObj, string]> {
  const conn = await s.conn();
  const modified = annotated(m.object, t.namespace);
  const manager = s.flags.string('field-manager') ?? 'kubectl-client-side-apply';
  let live: KubeObj;
  try {
    live = await conn.client.request<KubeObj>({ method: 'GET', path: objectPath(t.resource, t.namespace, t.name) });
  } catch (e: unknown) {
    if ((e as { code?: number }).code !== 404) throw wrapWriteError(e, 'retrieving current configuration of:\nResource: ' + `"${t.resource.group ? t.resource.group + '/' : ''}${t.resource.version}, Resource=${t.resource.name}", GroupVersionKind: "${m.object.apiVersion?.includes('/') ? m.object.apiVersion : '/' + m.object.apiVersion}, Kind=${m.object.kind}"\nName: "${t.name}", Namespace: "${t.namespace ?? ''}"\nfrom server for:`, m.source);
    if (dryRun === 'client') return [modified, 'created'];
    try {
      return [await postObject(s, t.resource, t.namespace, modified, manager, dryRun), 'created'];
    } catch (e2: unknown) {
      throw wrapWriteError(e2, 'creating', m.source);
    }
  }
  const lastText = live.metadata?.annotations?.[lastAppliedAnnotation];
  if (lastText === undefined) {
    s.io.err(`Warning: resource ${t.resource.name}/${t.name} is missing the ${lastAppliedAnnotation} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`);
  }
  let original: Record<string, unknown> | undefined;
  try {
    original = lastText ? (JSON.parse(lastText) as Record<string, unknown>) : undefined;
  } catch {
    original = undefined;
  }
  const strategic = builtInGroups.has(t.resource.group);
  const patch = threeWayPatch(original, modified, live, strategic ? patchMetaFor(t.resource.kind) : {}, strategic);
  if (Object.keys(patch).length === 0) return [live, 'unchanged'];
  if (dryRun === 'client') return [live, 'configured'];
  try {
    const out = await conn.client.request<KubeObj>({
      method: 'PATCH', path: objectPath(t.resource, t.namespace, t.name), body: patch,
      contentType: strategic ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
      query: { fieldManager: manager, fieldValidation: 'Strict', dryRun: dryRun === 'server' ? 'All' : undefined },
    });
    return [out, 'configured'];
  } catch (e: unknown) {
    throw wrapWriteError(e, 'applying patch:\n' + JSON.stringify(patch) + '\nto:\n' + `Resource: "${t.resource.group ? t.resource.group + '/' : ''}${t.resource.version}, Resource=${t.resource.name}", GroupVersionKind: "${t.resource.group ? t.resource.group + '/' : '/'}${t.resource.version}, Kind=${t.resource.kind}"\nName: "${t.name}", Namespace: "${t.namespace ?? ''}"\nfor:`, m.source);
  }
}
