/**
 * `kubectl-lite logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]` (or `-l SELECTOR`): a
 * container's log from `pods/log`, with kubectl's flags: `--tail`, `--since`, `--since-time`,
 * `--timestamps`, `--limit-bytes`, `--prefix`, `--all-containers`, `--all-pods`,
 * `--max-log-requests`, `--ignore-errors`, `--pod-running-timeout`.
 *
 * Contract (kubectl's LogsOptions): a workload (`deploy/NAME`, `rs/`, `sts/`, `ds/`, `job/`,
 * `rc/`, `svc/`) stands for its first pod in kubectl's logging order (logTargets.ts), waited for
 * up to `--pod-running-timeout` when none exists yet, with `Found N pods, using pod/X` when there
 * are several, or for all of them with `--all-pods` (which prefixes lines, as `--prefix` does);
 * `-l` reads every matching pod (tail 10 unless `--tail` says otherwise). Without `-f` the logs are read one after the other; with `-f`
 * at once (at most `--max-log-requests`), until the server ends them or the user interrupts.
 * Server errors are kubectl's texts (`Error from server (BadRequest): ...`); a missing object is
 * `error from server (NotFound): ... in namespace "ns"`.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go
 */
import type { IncomingMessage } from 'node:http';
import { parseDuration } from '@miniplane/api/goDuration';
import { CliError, UsageError, errorText } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import { listObjects } from '../fetch.js';
import { byLogging, logContainers, podSelectorOf, type LogPod } from '../logTargets.js';
import { objectPath } from '../discovery.js';
import { resolveTargets } from '../resourceArgs.js';
import type { Connection } from '../connection.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'timestamps', type: 'bool' },
  { name: 'prefix', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'all-pods', type: 'bool' },
  { name: 'container', short: 'c', type: 'string' },
  { name: 'tail', type: 'int' },
  { name: 'since', type: 'string' },
  { name: 'since-time', type: 'string' },
  { name: 'limit-bytes', type: 'int' },
  commonFlags.selector,
  { name: 'max-log-requests', type: 'int' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'pod-running-timeout', type: 'string' },
  { name: 'insecure-skip-tls-verify-backend', type: 'bool' },
];

const usageText = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

interface LogRequest {
  pod: LogPod;
  container: string;
}

/** The PodLogOptions query kubectl sends (only the set fields). */
function logQuery(s: Session, container: string, selector: boolean): Record<string, string | undefined> {
  const f = s.flags;
  const sinceText = f.string('since');
  const since = sinceText ? Math.round(parseDuration(sinceText) / 1000) : 0;
  const sinceTime = f.string('since-time');
  if (sinceTime && since) throw new CliError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (sinceTime && Number.isNaN(Date.parse(sinceTime))) throw new CliError(`parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTime)} as "2006"`);
  const limit = f.int('limit-bytes') ?? 0;
  if (limit < 0) throw new CliError('--limit-bytes must be greater than 0');
  const tail = f.int('tail') ?? (selector ? 10 : -1);
  if (tail < -1) throw new CliError('--tail must be greater than or equal to -1');
  const on = (b: boolean) => (b ? 'true' : undefined);
  return {
    container, follow: on(f.bool('follow')), previous: on(f.bool('previous')), timestamps: on(f.bool('timestamps')),
    sinceSeconds: since ? String(since) : undefined, sinceTime: sinceTime ? new Date(Date.parse(sinceTime)).toISOString().replace(/\.\d+Z$/, 'Z') : undefined,
    tailLines: tail >= 0 ? String(tail) : undefined, limitBytes: limit ? String(limit) : undefined,
    insecureSkipTLSVerifyBackend: on(f.bool('insecure-skip-tls-verify-backend')),
  };
}

/**
 * GetFirstPod: the pods `selector` matches in `ns`, waited for until `timeoutMs`; the first in
 * logging order (every one, in list order, with `--all-pods`).
 */
async function workloadPods(conn: Connection, s: Session, selector: string, timeoutMs: number): Promise<LogPod[]> {
  const pods = (await s.discovery().then((d) => d.resolve('pods')))!;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { items } = await listObjects(conn.client, pods, { namespace: conn.namespace, labelSelector: selector });
    if (items.length && s.flags.bool('all-pods')) return items as unknown as LogPod[];
    if (items.length) {
      const sorted = (items as unknown as LogPod[]).slice().sort(byLogging);
      if (items.length > 1) s.io.err(`Found ${items.length} pods, using pod/${sorted[0]!.metadata.name}\n`);
      return [sorted[0]!];
    }
    if (Date.now() >= until) throw new CliError('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, until - Date.now()))));
  }
}

/** The pods the arguments name: one for POD or TYPE/NAME, every match for `-l`. */
async function targetPods(s: Session, conn: Connection, arg: string | undefined, selector: string | undefined): Promise<LogPod[]> {
  const d = await s.discovery();
  if (selector !== undefined) {
    const { items } = await listObjects(conn.client, (await d.resolve('pods'))!, { namespace: conn.namespace, labelSelector: selector });
    return items as unknown as LogPod[];
  }
  const [target] = await resolveTargets(d, arg!.includes('/') ? [arg!] : ['pods', arg!], 'logs');
  const resource = target!.resource;
  let obj: LogPod & { kind?: string };
  try {
    obj = await conn.client.request<LogPod & { kind?: string }>({ method: 'GET', path: objectPath(resource, resource.namespaced ? conn.namespace : undefined, target!.names[0]!) });
  } catch (e: unknown) {
    if ((e as { code?: number }).code === 404) throw new CliError(`error from server (NotFound): ${(e as Error).message} in namespace ${JSON.stringify(conn.namespace)}`);
    throw e;
  }
  if (resource.kind === 'Pod') return [obj];
  const sel = podSelectorOf({ ...obj, kind: resource.kind } as never);
  if (sel === undefined) throw new CliError(`cannot get the logs from ${resource.group ? `${resource.group}/${resource.version}` : resource.version}, Kind=${resource.kind}`);
  return workloadPods(conn, s, sel, parseDuration(s.flags.string('pod-running-timeout') ?? '20s'));
}

/** Copies one log stream to stdout, each line after `prefix` when there is one. */
async function consume(s: Session, res: IncomingMessage, prefix: string): Promise<void> {
  let partial = '';
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (!prefix) {
      s.io.out(chunk.toString());
      continue;
    }
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    if (lines.length) s.io.out(lines.map((l) => `${prefix}${l}\n`).join(''));
  }
  if (partial) s.io.out(`${prefix}${partial}`);
}

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const selector = f.string('selector');
  if (args.length === 0 && selector === undefined) throw new UsageError(usageText, 'logs');
  if (args.length === 1 && selector !== undefined) throw new UsageError('only a selector (-l) or a POD name is allowed', 'logs');
  if (args.length > 2) throw new UsageError(usageText, 'logs');
  if (args.length === 2 && f.has('container')) throw new CliError('only one of -c or an inline [CONTAINER] arg is allowed');
  const named = f.string('container') ?? args[1];
  if (f.bool('all-containers') && named) throw new CliError(`--all-containers=true should not be specified with container name ${named}`);
  logQuery(s, '', selector !== undefined); // the flags' own checks, before any request
  const conn = await s.conn();
  const pods = await targetPods(s, conn, args[0], selector);
  if (selector !== undefined && !pods.length) {
    s.io.err(`No resources found in ${conn.namespace} namespace.\n`);
    return 0;
  }
  const requests: LogRequest[] = [];
  for (const pod of pods) {
    const choice = logContainers(pod, { container: named, allContainers: f.bool('all-containers') });
    for (const n of choice.notices) s.io.err(n);
    for (const container of choice.containers) requests.push({ pod, container });
  }
  const max = f.int('max-log-requests') ?? 5;
  if (f.bool('follow') && requests.length > max) {
    throw new CliError(`you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`);
  }
  const prefixed = f.bool('prefix') || f.bool('all-pods');
  const streams = new Set<IncomingMessage>();
  const stop = () => streams.forEach((r) => r.destroy());
  process.once('SIGINT', stop);
  const one = async (r: LogRequest) => {
    const ns = r.pod.metadata.namespace ?? conn.namespace;
    const res = await conn.client.stream({
      method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(r.pod.metadata.name ?? '')}/log`,
      query: logQuery(s, r.container, selector !== undefined), headers: { Accept: '*/*' },
    });
    streams.add(res);
    try {
      await consume(s, res, prefixed ? `[pod/${r.pod.metadata.name}/${r.container}] ` : '');
    } catch (e: unknown) {
      if (!res.destroyed) throw e;
    }
  };
  const reported = async (r: LogRequest) => {
    try {
      await one(r);
    } catch (e: unknown) {
      if (!f.bool('ignore-errors')) throw e;
      s.io.out(errorText(e, conn.server));
    }
  };
  try {
    if (f.bool('follow') && requests.length > 1) await Promise.all(requests.map(reported));
    else for (const r of requests) await reported(r);
  } finally {
    process.off('SIGINT', stop);
  }
  return 0;
}
