/**
 * The panels in the browser: the timeline (watch events with their resourceVersions, Events,
 * the namespace and kind filters), the Service panel (YAML as kubectl prints it, DNS records,
 * iptables and IPVS rules, which pods a node reaches), the Pod panel (readiness flip, delete and
 * the replacement) and scaling a Deployment from the page, with a refusal shown as kubectl prints it.
 * Screenshots of each step under test-artifacts/panels/.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Page } from 'playwright-core';
import { deployment, exposed, openUi } from './browser.js';

const timeout = 120_000;
type Meta = { metadata: { name: string; resourceVersion: string } };

function kubectl(kubeconfig: string, cache: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cache, ...args], (e, out, err) => (e ? reject(new Error(`${e.message}${err}`)) : resolve(out))),
  );
}

/** The timeline rows currently drawn, newest first, as data attributes. */
function rows(page: Page): Promise<Array<Record<string, string>>> {
  return page.$$eval('.timeline .tl-row', (els) => els.map((e) => Object.fromEntries([...e.attributes].filter((a) => a.name.startsWith('data-')).map((a) => [a.name.slice(5), a.value]))));
}

async function waitRow(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(`.timeline ${selector}`, { timeout, state: 'attached' });
}

async function readyBoxes(page: Page, svc: string, n: number): Promise<void> {
  await page.waitForFunction(([s, n]) => document.querySelectorAll(`.service[data-name="${s}"] .ep[data-state="ready"]`).length === n && document.querySelectorAll(`.service[data-name="${s}"] .ep`).length === n, [svc, n] as const, { timeout, polling: 100 });
}

t.test('timeline, Service panel, Pod actions and scale, live in the browser', async (t) => {
  const h = await openUi(t, 'panels', { nodes: 3 });
  const { page } = h;
  const cache = mkdtempSync(join(tmpdir(), 'miniplane-ui-kubectl-'));
  t.teardown(() => rmSync(cache, { recursive: true, force: true }));
  await page.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  const dep = await h.api<Meta>('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', 3));
  const svc = await h.api<Meta & { spec: { clusterIP: string } }>('POST', '/api/v1/namespaces/default/services', exposed('web'));
  await readyBoxes(page, 'web', 3);

  // The timeline: the Deployment's ADDED with the resourceVersion the server gave it, MODIFIED
  // ones as its controller works, the Service's ADDED, and the Events of the rollout.
  await waitRow(page, `.tl-watch[data-type="ADDED"][data-kind="Deployment"][data-name="web"][data-rv="${dep.metadata.resourceVersion}"]`);
  await waitRow(page, `.tl-watch[data-type="ADDED"][data-kind="Service"][data-name="web"][data-rv="${svc.metadata.resourceVersion}"]`);
  await waitRow(page, '.tl-watch[data-type="MODIFIED"][data-kind="Deployment"][data-name="web"]');
  await waitRow(page, '.tl-event[data-reason="ScalingReplicaSet"][data-involved="Deployment/web"]');
  await waitRow(page, '.tl-event[data-reason="Scheduled"]');
  t.match(await page.locator('.tl-event[data-reason="ScalingReplicaSet"]').first().textContent(), /Normal\s*ScalingReplicaSet\s*deployment\/web\s*Scaled up replica set web-\w+ (to|from 0 to) 3/, 'an Event row: type, reason, object, message');
  await page.locator('.timeline').scrollIntoViewIfNeeded();
  t.comment(await h.shot('01-timeline'));

  // The filters: a Service in another namespace, then namespace and kind chosen.
  await h.api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  await h.api('POST', '/api/v1/namespaces/other/services', exposed('db'));
  await waitRow(page, '.tl-watch[data-kind="Service"][data-namespace="other"][data-name="db"]');
  await page.selectOption('.timeline select[name="namespace"]', 'other');
  await page.waitForFunction(() => [...document.querySelectorAll('.timeline .tl-row')].every((r) => r.getAttribute('data-namespace') === 'other'), null, { timeout });
  t.ok((await rows(page)).some((r) => r.kind === 'Service' && r.name === 'db'), 'namespace other: its Service');
  await page.selectOption('.timeline select[name="namespace"]', 'default');
  await page.selectOption('.timeline select[name="kind"]', 'Pod');
  await page.waitForFunction(() => [...document.querySelectorAll('.timeline .tl-row')].every((r) => r.getAttribute('data-kind') === 'Pod' || (r.getAttribute('data-kind') === 'Event' && r.getAttribute('data-involved')!.startsWith('Pod/'))), null, { timeout });
  const podRows = await rows(page);
  t.ok(podRows.some((r) => r.source === 'watch') && podRows.some((r) => r.source === 'event'), 'kind Pod: pod watch events and the Events about pods');
  t.ok(podRows.every((r) => r.namespace === 'default'), 'still only namespace default');
  t.comment(await h.shot('02-timeline-filtered'));
  await page.selectOption('.timeline select[name="kind"]', '');
  await page.selectOption('.timeline select[name="namespace"]', '');

  // The Service panel.
  await page.click('.service[data-name="web"] button.name');
  const yaml = await page.locator('.service-panel pre.yaml').textContent();
  t.equal(yaml, await kubectl(h.mp.kubeconfigPath, cache, 'get', 'service', 'web', '-o', 'yaml'), 'its YAML is what kubectl get -o yaml prints');
  t.comment(await h.shot('03-service-yaml'));
  await page.click('.service-panel .tab-dns');
  const fqdn = page.locator('.dns-query[data-name="web.default.svc.cluster.local"]');
  t.match(await fqdn.locator('.dns-records').textContent(), new RegExp(`web\\.default\\.svc\\.cluster\\.local\\.\\t5\\tIN\\tA\\t${svc.spec.clusterIP.replaceAll('.', '\\.')}\\n`), 'the A record of its ClusterIP');
  t.match(await fqdn.locator('.dns-records').textContent(), /IN\tSRV\t0 100 80 web\.default\.svc\.cluster\.local\./, 'and the SRV record of its port');
  t.equal(await page.locator(`.dns-query[data-type="PTR"][data-name="${svc.spec.clusterIP.split('.').reverse().join('.')}.in-addr.arpa"]`).count(), 1, 'the PTR name of the ClusterIP');
  t.comment(await h.shot('04-service-dns'));
  await page.click('.service-panel .tab-rules');
  const iptables = await page.locator('.service-panel pre.rules-iptables').textContent();
  t.match(iptables, new RegExp(`-A KUBE-SERVICES -m comment --comment "default/web cluster IP" -m tcp -p tcp -d ${svc.spec.clusterIP.replaceAll('.', '\\.')} --dport 80 -j KUBE-SVC-`), 'iptables: the ClusterIP rule');
  t.equal(iptables!.match(/^:KUBE-SEP-/gm)?.length, 3, 'one KUBE-SEP chain per endpoint');
  t.comment(await h.shot('05-service-iptables'));
  await page.selectOption('.service-panel select[name="mode"]', 'ipvs');
  const ipvs = await page.locator('.service-panel pre.rules-ipvs').textContent();
  t.match(ipvs, new RegExp(`\\nTCP  ${svc.spec.clusterIP.replaceAll('.', '\\.')}:80 rr\\n`), 'ipvs: the virtual server');
  t.equal(ipvs!.match(/-> 10\.244\.\d+\.\d+:80 +Masq/g)?.length, 3, 'three real servers');
  await page.click('.service-panel .tab-reach');
  await page.selectOption('.service-panel select[name="node"]', 'node-2');
  t.equal(await page.locator('.reach-path[data-traffic="cluster"][data-policy="Cluster"] li').count(), 3, 'from node-2 a connection may reach any of the three pods');
  t.comment(await h.shot('06-service-reach'));
  await page.click('.service-panel .close');

  // The Pod panel: the readiness flip turns its endpoint box not ready, and back.
  const podName = (await page.locator('.pod[data-name^="web-"]').first().getAttribute('data-name'))!;
  const box = `.service[data-name="web"] .ep[data-pod="${podName}"]`;
  await page.click(`.pod[data-name="${podName}"] .pod-name`);
  await page.click('.pod-panel .flip-readiness');
  await page.waitForSelector(`${box}:not([data-state="ready"])`, { timeout });
  await page.waitForSelector('.pod-panel .probe[data-forced-unready="true"]', { timeout });
  t.equal(await page.locator('.pod-panel .flip-readiness').textContent(), 'Make ready');
  t.comment(await h.shot('07-pod-unready'));
  await page.click('.pod-panel .flip-readiness');
  await page.waitForSelector(`${box}[data-state="ready"]`, { timeout });
  t.pass('flipped back: ready again');

  // Delete: the pod goes (a DELETED row with its resourceVersion), its ReplicaSet makes another.
  await page.click('.pod-panel .delete-pod');
  await waitRow(page, `.tl-watch[data-type="DELETED"][data-kind="Pod"][data-name="${podName}"]`);
  await page.waitForSelector(`${box}`, { state: 'detached', timeout });
  await readyBoxes(page, 'web', 3);
  const names = await page.$$eval('.service[data-name="web"] .ep', (els) => els.map((e) => e.getAttribute('data-pod')));
  t.notOk(names.includes(podName), `replaced: ${names.join(', ')}`);
  t.match(await page.locator('.pod-panel, .panel.gone').textContent(), /is gone|Terminating/, 'the panel says the pod is going');
  t.comment(await h.shot('08-pod-replaced'));

  // Scale from the page, and a refusal shown as text.
  const form = page.locator('.deployment[data-name="web"]');
  await form.locator('input[name="replicas"]').fill('5');
  await form.locator('button.scale').click();
  await readyBoxes(page, 'web', 5);
  t.pass('scaled to 5 from the page');
  await form.locator('input[name="replicas"]').fill('-1');
  await form.locator('button.scale').click();
  t.match(await form.locator('.error').textContent({ timeout }), /^Error from server \(Invalid\): .*spec\.replicas/, 'a negative count: the server\'s Invalid Status');
  await form.locator('input[name="replicas"]').fill('ten');
  await form.locator('button.scale').click();
  t.match(await form.locator('.error').textContent({ timeout }), /whole number/, 'not a number: refused by the page');
  t.comment(await h.shot('09-scale'));
  // The refused scale is the one failed request (the browser logs its 422).
  t.same(h.pageErrors().filter((e) => !/status of 422/.test(e)), [], 'no script errors on the page');
});
