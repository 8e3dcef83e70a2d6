/**
 * `kubectl create -f` and the typed subcommands: `create deployment|service clusterip|nodeport|
 * loadbalancer|externalname|namespace|configmap` (`cm`, `ns`, `deploy`, `svc` aliases too).
 *
 * Contract: each object is POSTed (`fieldManager=kubectl-create`, strict field validation);
 * success prints `kind/name created`, a failure prints kubectl's error (wrapped `error when
 * creating "<source>"` for `-f`) and the run goes on with the next object; exit 1 if any failed.
 * `--dry-run=client` builds and prints without a request, `--dry-run=server` asks with dryRun=All.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/create/
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliError, UsageError, eachReported } from '../errors.js';
import { splitKeyValue, type FlagSpec } from '../flags.js';
import { collectionPath, type ApiResource } from '../discovery.js';
import { configMap, deployment, namespace, service, type ServiceType } from '../generators.js';
import { readManifests } from '../manifests.js';
import { objectTarget, wrapWriteError } from '../objectTarget.js';
import type { KubeObj } from '../output/printObjects.js';
import type { Session } from '../session.js';
import { dryRunOf, writeFlags, writtenText } from './writeOutput.js';

export const flags: readonly FlagSpec[] = [
  ...writeFlags,
  { name: 'save-config', type: 'bool' },
  { name: 'image', type: 'array' },
  { name: 'replicas', short: 'r', type: 'int' },
  { name: 'port', type: 'int' },
  { name: 'tcp', type: 'strings' },
  { name: 'node-port', type: 'int' },
  { name: 'clusterip', type: 'string' },
  { name: 'external-name', type: 'string' },
  { name: 'from-literal', type: 'array' },
  { name: 'from-file', type: 'array' },
];

export async function postObject(s: Session, r: ApiResource, namespace: string | undefined, obj: KubeObj, fieldManager: string, dryRun: string | undefined): Promise<KubeObj> {
  const conn = await s.conn();
  return conn.client.request<KubeObj>({
    method: 'POST', path: collectionPath(r, namespace), body: obj,
    query: { fieldManager, fieldValidation: 'Strict', dryRun: dryRun === 'server' ? 'All' : undefined },
  });
}

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const dryRunText = f.string('dry-run');
  const dryRun = dryRunOf(dryRunText === 'unchanged' ? 'client' : dryRunText);
  if (f.strings('filename').length) return createFromFiles(s, dryRun);
  const [sub, ...rest] = args;
  if (!sub) throw new CliError('must specify one of -f and -k');
  const built = await buildTyped(s, sub, rest);
  try {
    return await createBuilt(s, built, f.string('field-manager') ?? 'kubectl-create', 'created');
  } catch (e: unknown) {
    throw typedFailure(built, e);
  }
}

/**
 * Creates an object a typed command built (create SUBCOMMAND, run, expose) in the current
 * namespace, or with `--dry-run=client` only prints it (with the namespace when `-n` was given
 * or the object carries one, as kubectl prints it).
 */
export async function createBuilt(s: Session, built: KubeObj, fieldManager: string, operation: string): Promise<number> {
  const f = s.flags;
  const dryRunText = f.string('dry-run');
  const dryRun = dryRunOf(dryRunText === 'unchanged' ? 'client' : dryRunText);
  const disc = await s.discovery();
  const r = await disc.forKind(built.apiVersion!, built.kind!);
  if (!r) throw new CliError(`the server doesn't have a resource type "${built.kind!.toLowerCase()}"`);
  const conn = await s.conn();
  const ns = r.namespaced ? conn.namespace : undefined;
  const meta = built.metadata as Record<string, unknown>;
  if (r.namespaced && (conn.explicitNamespace || meta.namespace)) meta.namespace = ns;
  let out = built;
  if (dryRun !== 'client') out = await postObject(s, r, ns, withoutNullTimestamps(built), fieldManager, dryRun);
  s.io.out(writtenText(r, out, operation, f.string('output'), dryRun));
  return 0;
}

async function createFromFiles(s: Session, dryRun: string | undefined): Promise<number> {
  const manifests = await readManifests(s.flags.strings('filename'), s.flags.bool('recursive'), s.io);
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  return eachReported(manifests, s.io, conn.server, async (m) => {
    const t = await objectTarget(disc, conn, m);
    let created: KubeObj;
    try {
      created = dryRun === 'client' ? m.object : await postObject(s, t.resource, t.namespace, m.object, s.flags.string('field-manager') ?? 'kubectl-create', dryRun);
    } catch (e: unknown) {
      throw wrapWriteError(e, 'creating', m.source);
    }
    s.io.out(writtenText(t.resource, created, 'created', s.flags.string('output'), dryRun));
  });
}

function nameArg(rest: string[], verb: string): string {
  const name = rest[0];
  if (!name) throw new UsageError('NAME is required', verb);
  return name;
}

async function buildTyped(s: Session, sub: string, rest: string[]): Promise<KubeObj> {
  const f = s.flags;
  switch (sub) {
    case 'deployment':
    case 'deploy': {
      const name = nameArg(rest, 'create deployment');
      const images = f.strings('image');
      if (!images.length) throw new CliError('required flag(s) "image" not set');
      return deployment({ name, images, replicas: f.int('replicas') ?? 1, port: f.int('port') });
    }
    case 'service':
    case 'svc': {
      const [type, ...more] = rest;
      const types: Record<string, ServiceType> = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' };
      const st = type ? types[type] : undefined;
      if (!st) throw new UsageError(`unknown command "${type ?? ''}" for "kubectl create service"`, 'create service');
      const name = nameArg(more, `create service ${type}`);
      if (st === 'ExternalName' && !f.string('external-name')) throw new CliError('required flag(s) "external-name" not set');
      return service({ name, type: st, tcp: f.strings('tcp'), nodePort: f.int('node-port'), clusterIP: f.string('clusterip'), externalName: f.string('external-name') });
    }
    case 'namespace':
    case 'ns':
      return namespace(nameArg(rest, 'create namespace'));
    case 'configmap':
    case 'cm':
      return configMap(nameArg(rest, 'create configmap'), configMapData(f.strings('from-literal'), f.strings('from-file')));
    default:
      throw new UsageError(`unknown command "${sub}" for "kubectl create"`, 'create');
  }
}

function configMapData(literals: string[], files: string[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const l of literals) {
    const kv = splitKeyValue(l);
    if (!kv?.[0]) throw new CliError(`invalid literal source ${l}, expected key=value`);
    const [key, value] = kv;
    if (key in data) throw new CliError(`cannot add key ${key}, another key by that name already exists in Data for ConfigMap`);
    data[key] = value;
  }
  for (const spec of files) {
    const kv = splitKeyValue(spec);
    const [key, path] = kv?.[0] ? kv : [basename(spec), spec];
    data[key] = readFileSync(path, 'utf8');
  }
  return data;
}

/** kubectl's typed commands wrap a failed create in their own words (namespace: the bare error). */
function typedFailure(built: KubeObj, e: unknown): unknown {
  const what = built.kind === 'Service' ? `${(built.spec as { type: string }).type} service` : built.kind === 'Deployment' ? 'deployment' : built.kind === 'ConfigMap' ? 'configmap' : '';
  if (!what || !(e instanceof Error) || typeof (e as { code?: unknown }).code !== 'number') return e;
  return new CliError(`failed to create ${what}: ${e.message}`);
}

/**
 * The typed objects carry kubectl's `creationTimestamp: null` (printed by a client dry run);
 * kubectl's protobuf body has no such field, so it is not sent.
 */
function withoutNullTimestamps(o: KubeObj): KubeObj {
  return JSON.parse(JSON.stringify(o, (k, v: unknown) => (k === 'creationTimestamp' && v === null ? undefined : v))) as KubeObj;
}
