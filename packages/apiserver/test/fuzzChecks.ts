/**
 * What the fuzz tests assert about every answer and about the server between runs:
 * - no 5xx, except the ones kube-apiserver itself answers for the same input (a full ClusterIP
 *   or NodePort range: 500 InternalError "range is full"; nothing else);
 * - every error is a metav1.Status whose `code` is the HTTP status;
 * - the server stays alive and a normal create, get and list are correct afterwards;
 * - a snapshot of every object (all served resources, listed through the API) for comparing the
 *   store before and after runs of refused requests.
 */
import { request } from './harness.js';
import type { FuzzKind } from './fuzzArbitraries.js';
import type { RawRequest, RawResponse } from './rawHttp.js';

/**
 * The 5xx kube-apiserver answers itself: 500 when a ClusterIP or NodePort range is full, 500 when
 * server-side apply's typed converter refuses the applied or live object ("failed to create typed
 * patch object (ns/name; g/v, Kind=K): .spec.x: field not declared in schema"), and 504 Timeout
 * "Too large resource version" for a read at a resourceVersion the store has not reached (after
 * waiting for it). Nothing else.
 */
const kubeOwn5xx: Array<{ code: number; message: RegExp }> = [
  { code: 500, message: /range is full/ },
  { code: 500, message: /failed to create typed (patch|live) object \(/ },
  { code: 504, message: /^Timeout: Too large resource version: \d+, current: \d+$/ },
];

/** One line a failure report shows for a request. */
export function describeRequest(r: RawRequest): string {
  const b = r.body === undefined ? 'none' : Buffer.isBuffer(r.body) ? `${r.body.length} bytes ${JSON.stringify(r.body.subarray(0, 200).toString('latin1'))}` : `${r.body.length} chars ${JSON.stringify(r.body.slice(0, 200))}`;
  return `${r.method} ${r.path.slice(0, 300)} headers=${JSON.stringify(r.headers)} body=${b}`;
}

function messageOf(text: string): string {
  try {
    return String(JSON.parse(text).message);
  } catch {
    return '';
  }
}

/** Why an answer breaks the properties, or undefined when it keeps them. */
export function answerProblem(req: RawRequest, res: RawResponse): string | undefined {
  const text = res.body.toString('utf8');
  if (res.status >= 500 && !kubeOwn5xx.some((k) => k.code === res.status && k.message.test(messageOf(text)))) return `status ${res.status}: ${text.slice(0, 300)}`;
  if (res.status < 100 || res.status >= 600) return `status ${res.status}`;
  if (res.status < 400 || req.method === 'HEAD' || res.streaming) return undefined;
  let status: { kind?: unknown; apiVersion?: unknown; status?: unknown; code?: unknown; message?: unknown; reason?: unknown };
  try {
    status = JSON.parse(text);
  } catch {
    return `error body is not JSON (${res.status}, ${res.headers['content-type']}): ${text.slice(0, 200)}`;
  }
  if (!/^application\/json/.test(res.headers['content-type'] ?? '')) return `error content-type ${res.headers['content-type']}`;
  if (status.kind !== 'Status' || status.apiVersion !== 'v1' || status.status !== 'Failure') return `error body is not a Status: ${text.slice(0, 200)}`;
  if (status.code !== res.status) return `Status code ${String(status.code)} on a ${res.status} answer`;
  // reason is omitempty in metav1.Status: kube leaves it out for errors it does not classify (StatusReasonUnknown).
  if (typeof status.message !== 'string' || (status.reason !== undefined && typeof status.reason !== 'string')) return `Status without a message: ${text.slice(0, 200)}`;
  return undefined;
}

/** The list URLs of every served resource, read from discovery. */
export async function servedLists(url: string): Promise<string[]> {
  const out: string[] = [];
  const add = async (prefix: string) => {
    const r = await request(url, 'GET', prefix);
    for (const res of r.body.resources as Array<{ name: string; verbs: string[] }>) {
      if (!res.name.includes('/') && res.verbs.includes('list')) out.push(`${prefix}/${res.name}`);
    }
  };
  await add('/api/v1');
  const groups = await request(url, 'GET', '/apis');
  for (const g of groups.body.groups as Array<{ versions: Array<{ groupVersion: string }> }>) {
    for (const v of g.versions) await add(`/apis/${v.groupVersion}`);
  }
  return out;
}

/** Every stored object, as its list URL + namespace/name -> the whole object's JSON. */
export async function snapshot(url: string, lists: string[]): Promise<Record<string, string>> {
  const snap: Record<string, string> = {};
  const answers = await Promise.all(lists.map((l) => request(url, 'GET', l)));
  answers.forEach((r, i) => {
    if (r.status !== 200) throw new Error(`snapshot: GET ${lists[i]} answered ${r.status}: ${r.text.slice(0, 200)}`);
    for (const o of r.body.items as Array<{ metadata: { namespace?: string; name: string } }>) {
      snap[`${lists[i]} ${o.metadata.namespace ?? ''}/${o.metadata.name}`] = JSON.stringify(o);
    }
  });
  return snap;
}

let canaries = 0;

/** A normal create, get and list, checked field by field; returns what was wrong, if anything. */
export async function canaryProblem(url: string): Promise<string | undefined> {
  const health = await request(url, 'GET', '/healthz');
  if (health.status !== 200 || health.text !== 'ok') return `/healthz answered ${health.status} ${health.text.slice(0, 100)}`;
  const name = `canary-${++canaries}-${Date.now()}`;
  const cms = '/api/v1/namespaces/default/configmaps';
  const c = await request(url, 'POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { canary: 'yes' } }, data: { k: 'v' } });
  if (c.status !== 201) return `canary create answered ${c.status}: ${c.text.slice(0, 300)}`;
  const g = await request(url, 'GET', `${cms}/${name}`);
  if (g.status !== 200 || g.body.data?.k !== 'v' || g.body.metadata.resourceVersion !== c.body.metadata.resourceVersion) return `canary get: ${g.status} ${g.text.slice(0, 300)}`;
  const l = await request(url, 'GET', `${cms}?labelSelector=canary%3Dyes`);
  const found = (l.body?.items ?? []).find((o: { metadata: { name: string } }) => o.metadata.name === name);
  if (l.status !== 200 || !found || found.metadata.uid !== c.body.metadata.uid) return `canary list: ${l.status} ${l.text.slice(0, 300)}`;
  if (Number(l.body.metadata.resourceVersion) < Number(c.body.metadata.resourceVersion)) return 'canary list resourceVersion older than the create';
  return undefined;
}

/** Creates the objects the generated paths name (`a` of every kind, namespace `fuzz`), again after each run. */
export async function seed(url: string, kinds: FuzzKind[]): Promise<void> {
  await request(url, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fuzz' } });
  await Promise.all(kinds.map((k) => request(url, 'POST', `${k.prefix}${k.namespaced ? '/namespaces/default' : ''}/${k.plural}`, k.object)));
}
