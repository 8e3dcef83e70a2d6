/**
 * Test helpers against a running `miniplane up`: the writes (POST, PUT, PATCH, DELETE) the
 * apiserver has answered for a resource, from its own `apiserver_request_total` on /metrics; and
 * pods written straight through the API (no kubelet) with an IP and a Ready condition, as
 * bench/endpointslices.mjs writes them.
 */
export async function apiWrites(url: string, resource: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let n = 0;
  for (const l of text.split('\n')) {
    if (l.startsWith('apiserver_request_total{') && l.includes(`resource="${resource}"`) && /verb="(POST|PUT|DELETE|PATCH)"/.test(l)) n += Number(l.split(' ').pop());
  }
  return n;
}

export interface PodSpec {
  name: string;
  labels: Record<string, string>;
  ip: string;
  ready: boolean;
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

/** The pod's status as a kubelet would write it: Running, the IP, Ready or not. */
export async function setPodStatus(url: string, ns: string, pod: any, ip: string, ready: boolean): Promise<any> {
  pod.status = {
    phase: 'Running', podIP: ip, podIPs: [{ ip }],
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }],
  };
  return call(url, 'PUT', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/status`, pod);
}

/** Creates the pods (then their status), `clients` at a time; returns them as last written, by name. */
export async function writePods(url: string, ns: string, pods: PodSpec[], clients = 16): Promise<Map<string, any>> {
  const out = new Map<string, any>();
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < pods.length) {
      const p = pods[next++]!;
      const created = await call(url, 'POST', `/api/v1/namespaces/${ns}/pods`, {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: p.name, labels: p.labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] },
      });
      out.set(p.name, await setPodStatus(url, ns, created, p.ip, p.ready));
    }
  }));
  return out;
}

export async function deletePods(url: string, ns: string, names: string[], clients = 16): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < names.length) await call(url, 'DELETE', `/api/v1/namespaces/${ns}/pods/${names[next++]}`);
  }));
}
