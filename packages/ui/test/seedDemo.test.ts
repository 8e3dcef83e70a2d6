/**
 * The seed demo watched in the browser: /ui on a miniplane with three nodes shows a Deployment of
 * 3 behind a Service, scaled to 250 (three slices of at most 100 holding all 250 endpoints, as
 * kube packs them live; a Service created afresh over the 250 ready pods gets 100/100/50), a
 * readiness flip turning that pod's endpoint box not-ready within a second of the EndpointSlice
 * change (and a few of the annotation), and a pod deleted and
 * its replacement appearing. A screenshot of each step is saved (see browser.ts).
 * MINIPLANE_UI_SCREENSHOT=PATH also writes the top of the page after the flip there (the README's docs/ui.png).
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import type { EndpointSlice } from '../src/model/kube.js';
import { deployment, exposed, openUi } from './browser.js';

const ns = '/api/v1/namespaces/default';
const timeout = 180_000;

/** Each slice's endpoint boxes of Service `svc` as the page shows them: [{size, max, states}]. */
function shards(page: Page, svc: string): Promise<Array<{ name: string; size: number; max: number; ready: number; states: string[]; pods: string[] }>> {
  return page.$$eval(`.service[data-name="${svc}"] .slice`, (els) =>
    els.map((e) => ({
      name: e.getAttribute('data-name')!,
      size: Number(e.getAttribute('data-size')),
      max: Number(e.getAttribute('data-max')),
      ready: Number(e.getAttribute('data-ready')),
      states: [...e.querySelectorAll('.ep')].map((b) => b.getAttribute('data-state')!),
      pods: [...e.querySelectorAll('.ep')].map((b) => b.getAttribute('data-pod')!),
    })),
  );
}

/** Waits until Service `svc` shows `n` ready endpoint boxes, in slices of at most `max`. */
async function readyBoxes(page: Page, svc: string, n: number, max = 100): Promise<void> {
  await page.waitForFunction(
    ([svc, n, max]) => {
      const slices = [...document.querySelectorAll(`.service[data-name="${svc}"] .slice`)];
      const ready = document.querySelectorAll(`.service[data-name="${svc}"] .ep[data-state="ready"]`).length;
      const all = document.querySelectorAll(`.service[data-name="${svc}"] .ep`).length;
      return ready === n && all === n && slices.every((s) => s.querySelectorAll('.ep').length <= (max as number));
    },
    [svc, n, max] as const,
    { timeout, polling: 100 },
  );
}

/**
 * Watches Service `svc`'s slices from now; resolves once the watch is open, with the promise of
 * when (Date.now()) it first sees pod `pod`'s endpoint not ready.
 */
async function sliceChange(url: string, svc: string, pod: string): Promise<{ at: Promise<number> }> {
  const path = `${url}/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3D${svc}`;
  const list = (await (await fetch(path)).json()) as { metadata: { resourceVersion: string } };
  const abort = new AbortController();
  const res = await fetch(`${path}&watch=1&resourceVersion=${list.metadata.resourceVersion}`, { signal: abort.signal });
  return { at: firstNotReady(res, pod).finally(() => abort.abort()) };
}

async function firstNotReady(res: Response, pod: string): Promise<number> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const e = JSON.parse(buffered.slice(0, nl)) as { object: EndpointSlice };
      buffered = buffered.slice(nl + 1);
      if (e.object.endpoints?.some((x) => x.targetRef?.name === pod && x.conditions?.ready === false)) return Date.now();
    }
  }
  throw new Error('the watch ended');
}

t.test('the seed demo, live in the browser', async (t) => {
  t.setTimeout(300_000);
  const h = await openUi(t, 'seed-demo', { nodes: 3 });
  const { page } = h;
  await page.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  t.equal(await page.locator('.node').count(), 3, 'three nodes');
  t.match(await page.locator('.node[data-name="node-1"] header').textContent(), /node-1\s*Ready\s*zone-a\s*10\.244\.\d+\.0\/24/, 'a node shows Ready, its zone and podCIDR');
  t.comment(await h.shot('01-loaded'));

  await h.api('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', 3));
  await h.api('POST', `${ns}/services`, exposed('web'));
  await readyBoxes(page, 'web', 3);
  const svc = page.locator('.service[data-name="web"]');
  t.equal(await svc.locator('.type').textContent(), 'ClusterIP');
  t.match(await svc.locator('.cluster-ips').textContent(), /^10\.9[6-9]\.|^10\.1[01]\d\./, 'its ClusterIP');
  t.equal(await svc.locator('.ports').textContent(), '80/TCP');
  t.equal(await page.locator('.pod[data-ready="true"]').count(), 3, 'three ready pods under their nodes');
  t.match(await page.locator('.pod .owner').first().textContent(), /^ReplicaSet\/web-/, 'owned by the ReplicaSet');
  await page.waitForSelector('.service[data-name="web"] .endpoints[data-ready="3"]', { timeout: 30_000, state: 'attached' });
  t.equal(await svc.locator('.endpoints').getAttribute('data-ready'), '3', 'the Endpoints object: 3 ready');
  t.comment(await h.shot('02-deployment-of-3'));

  await h.api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: 250 } }, 'application/merge-patch+json');
  await readyBoxes(page, 'web', 250);
  const grown = await shards(page, 'web');
  t.equal(grown.length, 3, 'three slices');
  t.ok(grown.every((s) => s.size <= 100 && s.max === 100), `each at most 100 of 100 (${grown.map((s) => s.size).join('/')}, as grown live)`);
  t.equal(grown.reduce((n, s) => n + s.size, 0), 250, 'holding all 250');
  t.same(grown.map((s) => s.ready), grown.map((s) => s.size), 'each slice counts its boxes ready (data-ready)');
  // The Endpoints object is another controller's work: it may come a moment after the slices.
  await page.waitForSelector('.service[data-name="web"] .endpoints[data-ready="250"]', { timeout: 30_000, state: 'attached' });
  t.equal(await svc.locator('.endpoints').getAttribute('data-ready'), '250', 'the Endpoints object holds all 250');
  await h.api('POST', `${ns}/services`, exposed('web-fresh', 'web'));
  await readyBoxes(page, 'web-fresh', 250);
  t.same((await shards(page, 'web-fresh')).map((s) => s.size).sort((a, b) => b - a), [100, 100, 50], 'a Service made over 250 ready pods: 100/100/50');
  await page.locator('.service[data-name="web-fresh"]').scrollIntoViewIfNeeded();
  t.comment(await h.shot('03-scaled-to-250'));

  // The readiness flip: the kubelet fails the pod's probe, the controller marks its endpoint not
  // ready, the page's box follows. Timed from the annotation, and from the EndpointSlice change
  // as a watching client receives it (the page's own share).
  const victim = grown[0]!.pods[0]!;
  const box = `.service[data-name="web"] .ep[data-pod="${victim}"]`;
  await page.evaluate((sel) => {
    const w = window as unknown as { flippedAt?: number };
    new MutationObserver(() => {
      if (!w.flippedAt && document.querySelector(`${sel}[data-state="notready"]`)) w.flippedAt = Date.now();
    }).observe(document.querySelector('.service[data-name="web"]')!, { subtree: true, attributes: true, childList: true });
  }, box);
  const published = await sliceChange(h.mp.url, 'web', victim);
  const flipped = Date.now();
  await h.api('PATCH', `${ns}/pods/${victim}`, { metadata: { annotations: { 'miniplane.dev/ready': 'false' } } }, 'application/merge-patch+json');
  await page.waitForSelector(`${box}[data-state="notready"]`, { timeout: 10_000 });
  const shown = await page.evaluate(() => (window as unknown as { flippedAt: number }).flippedAt);
  const sliceAt = await published.at;
  // The page's own share (slice change -> box) must stay within a second; the whole (mostly the
  // kubelet's probe and the controller: 170-850 ms on a quiet machine) gets a margin for a loaded one.
  t.ok(shown - sliceAt < 1000, `the box turned not-ready ${shown - sliceAt} ms after the EndpointSlice change reached a watching client`);
  t.ok(shown - flipped < 5000, `and ${shown - flipped} ms after the annotation`);
  t.equal(await page.locator(`.pod[data-name="${victim}"] .readiness`).textContent(), 'not ready', 'and the pod row says so');
  const flippedSlice = (await shards(page, 'web')).find((s) => s.pods.includes(victim))!;
  t.equal(flippedSlice.ready, flippedSlice.size - 1, `its slice counts one box fewer ready (${flippedSlice.ready} of ${flippedSlice.size})`);
  await page.locator(box).scrollIntoViewIfNeeded();
  t.comment(await h.shot('04-readiness-flip'));
  if (process.env.MINIPLANE_UI_SCREENSHOT) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: process.env.MINIPLANE_UI_SCREENSHOT, clip: { x: 0, y: 0, width: 1280, height: 560 } });
  }

  // A pod deleted: it leaves, the ReplicaSet makes a replacement, the slices hold 250 again.
  const before = new Set((await shards(page, 'web')).flatMap((s) => s.pods));
  const doomed = grown[1]!.pods[0]!;
  await h.api('DELETE', `${ns}/pods/${doomed}`);
  await page.waitForSelector(`.pod[data-name="${doomed}"]`, { state: 'detached', timeout });
  await page.waitForFunction(
    ([known]) => [...document.querySelectorAll('.service[data-name="web"] .ep[data-state="ready"]')].some((b) => !(known as string[]).includes(b.getAttribute('data-pod')!)),
    [[...before]] as const,
    { timeout, polling: 100 },
  );
  const after = (await shards(page, 'web')).flatMap((s) => s.pods);
  const replacement = after.filter((p) => !before.has(p));
  t.equal(replacement.length, 1, `one replacement pod: ${replacement[0]}`);
  t.notOk(after.includes(doomed), 'the deleted pod left its slice');
  t.equal(after.length, 250, '250 endpoints again');
  t.equal(await page.locator(`.pod[data-name="${replacement[0]}"]`).count(), 1, 'the replacement is listed under its node');
  await page.locator(`.service[data-name="web"] .ep[data-pod="${replacement[0]}"]`).scrollIntoViewIfNeeded();
  t.comment(await h.shot('05-pod-replaced'));
  t.same(h.pageErrors(), [], 'no script errors on the page');
});
