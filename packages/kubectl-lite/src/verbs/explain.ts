/**
 * `kubectl explain TYPE[.FIELD...] [--recursive] [--api-version=GROUP/VERSION] [--output=plaintext]`:
 * a resource's or a field's documentation from the server's OpenAPI v3 document, in kubectl
 * v1.32's `plaintext` layout (see explain/explainText.ts).
 *
 * Contract: TYPE is matched as kubectl's RESTMapper matches it (`svc`, `deployment`,
 * `deployments.apps.spec` with the group spelled out); with `--api-version` the first dot part is
 * the type and that group-version is explained. kubectl's errors and exit codes: an unknown type
 * (`the server doesn't have a resource type "foo"`), a field that does not exist (after the
 * header kubectl has already printed), a group-version the server does not serve, a bad format.
 * `--output=plaintext-openapiv2` needs /openapi/v2, which kubectl-lite does not render.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/explain/explain.go, pkg/explain/explain.go
 * (SplitAndParseResourceRequest[WithMatchingPrefix]), pkg/explain/v2/explain.go
 */
import { CliError, RawError } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import { cacheDirOf, type ApiResource } from '../discovery.js';
import { ExplainError, explainText, gvrString, type Gvr } from '../explain/explainText.js';
import { groupVersionDocument, groupVersionPaths } from '../explain/openapiDocument.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'recursive', type: 'bool' },
  { name: 'api-version', type: 'string' },
  { name: 'output', type: 'string' },
];

const names = (r: ApiResource) => [r.name, r.singularName, r.kind.toLowerCase(), ...r.shortNames];

/** apimachinery's ParseGroupVersion. */
function parseGroupVersion(text: string): { group: string; version: string } {
  if (!text || text === '/') return { group: '', version: '' };
  const parts = text.split('/');
  if (parts.length === 1) return { group: '', version: text };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw new CliError(`unexpected GroupVersion string: ${text}`);
}

/** The resource and field path `arg` names (kubectl's SplitAndParseResourceRequest[WithMatchingPrefix]). */
async function target(s: Session, arg: string, apiVersion: string | undefined): Promise<{ gvr: Gvr; fieldPath: string[] }> {
  const text = arg.replace(/\.$/, '');
  const parts = text.split('.');
  const all = await (await s.discovery()).all();
  let candidates = all.filter((r) => names(r).includes(parts[0]!.toLowerCase()));
  if (!candidates.length) candidates = (await (await s.discovery()).refresh()).filter((r) => names(r).includes(parts[0]!.toLowerCase()));
  if (!candidates.length) throw new RawError(`the server doesn't have a resource type "${parts[0]}"`);
  const gvrOf = (r: ApiResource): Gvr => ({ group: r.group, version: r.version, resource: r.name });
  if (apiVersion) return { gvr: { ...gvrOf(candidates[0]!), ...parseGroupVersion(apiVersion) }, fieldPath: parts.slice(1) };
  for (const r of candidates) {
    const groupResource = r.group ? `${r.name}.${r.group}` : r.name;
    if (text.startsWith(groupResource)) {
      const suffix = text.slice(groupResource.length);
      return { gvr: gvrOf(r), fieldPath: suffix ? suffix.split('.').slice(1) : [] };
    }
  }
  return { gvr: gvrOf(candidates[0]!), fieldPath: parts.slice(1) };
}

export async function run(s: Session, args: string[]): Promise<number> {
  if (!args.length) throw new CliError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
  if (args.length > 1) throw new CliError('We accept only this format: explain RESOURCE');
  const { gvr, fieldPath } = await target(s, args[0]!, s.flags.string('api-version'));
  const conn = await s.conn();
  const format = s.flags.string('output') ?? 'plaintext';
  if (format === 'plaintext-openapiv2') {
    await conn.client.request({ method: 'GET', path: '/openapi/v2' });
    throw new CliError('kubectl-lite explain renders OpenAPI v3 documents only (--output=plaintext)');
  }
  const paths = await groupVersionPaths(conn.client);
  const key = gvr.group ? `apis/${gvr.group}/${gvr.version}` : `api/${gvr.version}`;
  const url = Object.hasOwn(paths, key) ? paths[key]?.serverRelativeURL : undefined;
  if (url === undefined) throw new CliError(`couldn't find resource for "${gvrString(gvr)}"`);
  const doc = await groupVersionDocument(conn.client, conn.server, cacheDirOf(s.flags), url);
  if (format !== 'plaintext') throw new CliError(`unrecognized format: ${format}`);
  try {
    s.io.out(explainText(doc, gvr, fieldPath, s.flags.bool('recursive')));
  } catch (e: unknown) {
    if (e instanceof ExplainError) {
      s.io.out(e.printed);
      throw new CliError(e.message);
    }
    throw e;
  }
  return 0;
}
