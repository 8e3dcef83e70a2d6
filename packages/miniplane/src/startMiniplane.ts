/**
 * `startMiniplane()`: a whole miniplane inside the calling process, the envtest analogue for
 * JavaScript and TypeScript tests. It starts exactly what `miniplane up` starts (cli's
 * `startPlane`), in memory, on a free loopback port, writes the kubeconfig, applies the
 * manifests, and resolves with the URL, the kubeconfig, `reset()` and `stop()`.
 *
 * Contract:
 * - Several in one process never share state: each has its own store, scheme, allocators,
 *   controllers and port.
 * - Resolves once pods can be created (the `default` ServiceAccount exists when the controllers
 *   run) and the manifests are applied; a failure part-way stops what was started and rejects.
 * - `reset()` returns the objects to what they were when the promise resolved (see
 *   `Miniplane.reset`); calls are serialized. `stop()` is idempotent; after it, `reset()` rejects.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlane, type UpArgs } from '@miniplane/cli';
import { RestClient } from '@miniplane/client';
import { applyManifests, readManifests } from './manifests.js';
import type { Miniplane, MiniplaneOptions } from './options.js';

/** The `miniplane up` flags these options stand for. */
export function upArgs(o: MiniplaneOptions, dataDir: string): UpArgs {
  const nodes = o.nodes ?? 0;
  const args: UpArgs = { listen: `127.0.0.1:${o.port ?? 0}`, dataDir, inMemory: true, nodes };
  if (o.controllers === false) args.noControllers = true;
  else if (typeof o.controllers === 'string') args.controllers = o.controllers;
  if (!(o.scheduler ?? nodes > 0)) args.noScheduler = true;
  if (o.tls) args.tls = true;
  if (o.tokenAuthFile !== undefined) args.tokenAuthFile = o.tokenAuthFile;
  if (o.serviceClusterIPRange !== undefined) args.serviceClusterIPRange = o.serviceClusterIPRange;
  if (o.serviceNodePortRange !== undefined) args.serviceNodePortRange = o.serviceNodePortRange;
  if (o.loadBalancerIPRange !== undefined) args.loadBalancerIPRange = o.loadBalancerIPRange;
  if (o.gracePeriodSeconds !== undefined) args.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.ui === false) args.ui = false;
  if (o.allowedHosts !== undefined) args.allowedHosts = [...o.allowedHosts];
  return args;
}

export async function startMiniplane(o: MiniplaneOptions = {}): Promise<Miniplane> {
  const ownDir = o.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'miniplane-')) : undefined;
  const dataDir = o.dataDir ?? ownDir!;
  let plane: Awaited<ReturnType<typeof startPlane>> | undefined;
  try {
    plane = await startPlane(upArgs(o, dataDir));
    const manifests = typeof o.manifests === 'string' ? [o.manifests] : (o.manifests ?? []);
    if (manifests.length) {
      const client = new RestClient({ config: plane.restConfig });
      try {
        await applyManifests(client, readManifests(manifests, plane.server.registry.scheme));
      } finally {
        client.close();
      }
    }
  } catch (err) {
    await plane?.stop();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    throw err;
  }
  const running = plane;
  const { server } = running;
  const kubeconfigPath = server.kubeconfigPath!;
  const point = server.snapshot();
  let resetting: Promise<void> = Promise.resolve();
  let stopped: Promise<void> | undefined;
  return {
    url: server.url,
    kubeconfigPath,
    kubeconfig: readFileSync(kubeconfigPath, 'utf8'),
    ...(server.caPem ? { ca: server.caPem } : {}),
    ...(server.token ? { token: server.token } : {}),
    reset: () => {
      if (stopped) return Promise.reject(new Error('miniplane is stopped'));
      resetting = resetting.catch(() => {}).then(() => running.reset(point));
      return resetting;
    },
    stop: () =>
      (stopped ??= (async () => {
        await resetting.catch(() => {});
        await running.stop();
        if (ownDir) rmSync(ownDir, { recursive: true, force: true });
      })()),
  };
}
