/**
 * The `pods/log` subresource: `GET .../pods/{name}/log` proxied to the kubelet of the pod's
 * node, which holds the container logs (the apiserver keeps none), streamed back as text/plain.
 *
 * Contract (kube's LogREST.Get and LogLocation, in its order):
 * - Query options that do not decode: 400; invalid ones: 422 `PodLogOptions "p" is invalid`
 *   (@miniplane/api pod/podLogOptions). A missing pod: 404 `pods "p" not found`.
 * - The container: `container` when the pod declares it (init, regular or ephemeral; else 400
 *   `container c is not valid for pod p`), the only one when there is one, else 400
 *   `a container name must be specified for pod p, choose one of: [a b]`.
 * - A pod not bound to a node: 204 and no body. A node that does not exist: 404 `nodes "n" not
 *   found`. The kubelet's address is the Node's `miniplane.dev/kubelet-endpoint` annotation (a
 *   simulated kubelet publishes its loopback URL there; kube would dial the node's address and
 *   `status.daemonEndpoints.kubeletEndpoint.Port`); anything but an http URL on a loopback
 *   address is not dialled (no preferred address, kube's 500). The request goes to
 *   `/containerLogs/{ns}/{pod}/{container}` with the set options (podLogQuery).
 * - The kubelet cannot be reached: 500 with no reason, `Get "URL": dial tcp HOST:PORT: connect:
 *   connection refused` (Go's client error, as kube answers for a down kubelet). The kubelet
 *   answers an error: its text becomes the Status as kube's GenericHttpResponseChecker makes it
 *   (400 BadRequest with the text, 500 InternalError, others by code). Else its body is streamed
 *   through (a follow until the kubelet or the client ends it, or the server stops or resets).
 * Upstream: pkg/registry/core/pod/rest/log.go, pkg/registry/core/pod/strategy.go (LogLocation,
 *           validateContainer), staging/src/k8s.io/apiserver/pkg/registry/generic/rest/response_checker.go
 */
import { request, type IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { ApiError, BadRequest, InternalError, MethodNotAllowed, findResourceByKind, type KubeObject } from '@miniplane/api';
import { kubeletEndpointAnnotation, parsePodLogOptions, podLogQuery, validatePodLogOptions } from '@miniplane/api/pod/podLogOptions';
import type { VerbRequest } from './verbRequest.js';

const nodeInfo = findResourceByKind('v1', 'Node')!;
const maxErrorBody = 50_000;

interface Named {
  name: string;
}

/** kube's validateContainer: the container the log is read from. */
export function logContainer(pod: KubeObject, container: string | undefined): string {
  const spec = (pod.spec ?? {}) as { initContainers?: Named[]; containers?: Named[]; ephemeralContainers?: Named[] };
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
  const name = pod.metadata.name ?? '';
  if (container) {
    if (!all.includes(container)) throw new BadRequest(`container ${container} is not valid for pod ${name}`);
    return container;
  }
  const regular = spec.containers ?? [];
  if (regular.length === 1) return regular[0]!.name;
  if (!regular.length) throw new BadRequest(`a container name must be specified for pod ${name}`);
  throw new BadRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
}

/** The kubelet's base URL from the Node, or kube's "no preferred address" failure. */
function kubeletBase(node: KubeObject): string {
  const published = node.metadata.annotations?.[kubeletEndpointAnnotation];
  let url: URL | undefined;
  try {
    url = published ? new URL(published) : undefined;
  } catch {
    url = undefined;
  }
  const host = url?.hostname.replace(/^\[|\]$/g, '') ?? '';
  const loopback = (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (url && url.protocol === 'http:' && loopback && url.port) return `http://${url.host}`;
  const addresses = ((node.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? []).map((a) => `{${a.type} ${a.address}}`);
  throw new ApiError(500, '', `no preferred addresses found; known addresses: [${addresses.join(' ')}]`);
}

/** Go's text for a failed dial, as net/http's client reports it. */
function dialError(url: string, err: NodeJS.ErrnoException): string {
  const { host } = new URL(url);
  const why = err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.code === 'ECONNRESET' ? 'read: connection reset by peer' : err.message;
  return `Get ${JSON.stringify(url)}: dial tcp ${host}: ${why}`;
}

/** kube's GenericHttpResponseChecker: a kubelet error answer as a Status. */
function kubeletError(code: number, text: string, pod: string): ApiError {
  if (code === 400) return new BadRequest(text);
  if (code === 500) return new InternalError(text);
  const generic: Record<number, [string, string]> = {
    404: ['NotFound', 'the server could not find the requested resource'],
    401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
    403: ['Forbidden', text],
    405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
    422: ['Invalid', 'the server rejected our request due to an error in our request'],
    429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
    504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
  };
  const [reason, message] = generic[code]
    ?? (code >= 500 ? ['InternalError', `an error on the server (${JSON.stringify(text)}) has prevented the request from succeeding`] : ['', `the server responded with the status code ${code} but did not return more information`]);
  return new ApiError(code, reason, `${message} ( pods/log ${pod})`, { name: pod, kind: 'pods/log' });
}

export async function podLog(r: VerbRequest): Promise<unknown> {
  if (r.req.method !== 'GET') throw new MethodNotAllowed();
  const name = r.name!;
  const options = parsePodLogOptions(r.q);
  validatePodLogOptions(name, options);
  const pod = r.deps.registry.get(r.info, r.ns, name);
  const container = logContainer(pod, options.container);
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) return r.reply.code(204).send();
  const node = r.deps.registry.get(nodeInfo, undefined, nodeName);
  const query = podLogQuery(options);
  const path = `/containerLogs/${encodeURIComponent(r.ns!)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}`;
  const url = `${kubeletBase(node)}${path}${query ? `?${query}` : ''}`;
  const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
    const out = request(url, { method: 'GET' }, resolve);
    out.on('error', (err: NodeJS.ErrnoException) => reject(new ApiError(500, '', dialError(url, err))));
    out.end();
  });
  if (upstream.statusCode! < 200 || upstream.statusCode! > 206) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of upstream as AsyncIterable<Buffer>) {
      if (size < maxErrorBody) chunks.push(c);
      size += c.length;
    }
    throw kubeletError(upstream.statusCode!, Buffer.concat(chunks).subarray(0, maxErrorBody).toString(), name);
  }
  // The client went, or the server stops: the kubelet's stream is closed, which ends the answer.
  const forget = r.deps.longRunning(() => upstream.destroy());
  r.reply.raw.on('close', () => {
    forget();
    upstream.destroy();
  });
  return r.reply.code(200).type('text/plain').send(upstream);
}
