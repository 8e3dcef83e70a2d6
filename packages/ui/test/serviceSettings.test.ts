/**
 * The Service panel shows the running cluster's values, read over the API as a client reads them:
 * `miniplane up --cluster-domain corp.example --cluster-cidr 10.100.0.0/16 --proxy-mode ipvs` gives
 * DNS names under corp.example (from kube-system/kubelet-config) and proxy rules with
 * 10.100.0.0/16, first in IPVS mode (from kube-system/kube-proxy); with the kubelet-config ConfigMap deleted the panel falls back to
 * kube's default domain and says why, live. A token that may not list kube-system ConfigMaps (the
 * server's 403, given by the browser's network layer: miniplane has no authorization): kube's
 * defaults and the server's message, the page still live. Screenshots under
 * test-artifacts/service-settings*.
 */
import t from 'tap';
import { deployment, exposed, openUi } from './browser.js';

const timeout = 120_000;

t.test('up --cluster-domain/--cluster-cidr: the Service panel\'s names and rules use the cluster\'s values', async (t) => {
  const h = await openUi(t, 'service-settings', { up: ['--nodes', '2', '--cluster-domain', 'corp.example', '--cluster-cidr', '10.100.0.0/16', '--proxy-mode', 'ipvs'] });
  const { page } = h;
  await page.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  await h.api('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', 2));
  const svc = await h.api<{ spec: { clusterIP: string } }>('POST', '/api/v1/namespaces/default/services', exposed('web'));
  await page.waitForFunction(() => document.querySelectorAll('.service[data-name="web"] .ep[data-state="ready"]').length === 2, null, { timeout, polling: 100 });
  const ip = svc.spec.clusterIP.replaceAll('.', '\\.');

  await page.click('.service[data-name="web"] button.name');
  await page.click('.service-panel .tab-dns');
  await page.waitForSelector('.service-panel .cluster-settings[data-read="true"][data-domain="corp.example"]', { timeout });
  t.match(await page.locator('.service-panel .cluster-settings').textContent(), /^cluster domain corp\.example \(configmap kube-system\/kubelet-config\)$/, 'the settings line: value and source');
  t.equal(await page.locator('.service-panel .fqdn').textContent(), 'web.default.svc.corp.example', 'the name under the cluster\'s domain');
  const records = await page.locator('.dns-query[data-name="web.default.svc.corp.example"] .dns-records').textContent();
  t.match(records, new RegExp(`^web\\.default\\.svc\\.corp\\.example\\.\\t5\\tIN\\tA\\t${ip}\\n`), 'its A record');
  t.match(records, /IN\tSRV\t0 100 80 web\.default\.svc\.corp\.example\.\n/, 'its SRV record');
  t.match(await page.locator(`.dns-query[data-type="PTR"] .dns-records`).textContent(), /\tPTR\tweb\.default\.svc\.corp\.example\.\n/, 'the PTR names it');
  t.notMatch(await page.locator('.service-panel .dns').textContent(), /cluster\.local/, 'nothing under cluster.local');
  t.comment(await h.shot('01-dns-corp-example'));

  await page.click('.service-panel .tab-rules');
  await page.waitForSelector('.service-panel .cluster-settings[data-source="kube-system/kube-proxy"][data-cluster-cidr="10.100.0.0/16"]', { timeout });
  t.match(await page.locator('.service-panel .cluster-settings').textContent(), /^cluster CIDR 10\.100\.0\.0\/16, kube-proxy mode ipvs, IPVS scheduler rr \(configmap kube-system\/kube-proxy\)$/);
  t.equal(await page.locator('.service-panel select[name="mode"]').inputValue(), 'ipvs', 'the rules open in the cluster\'s proxy mode');
  t.equal((await page.locator('.service-panel pre.rules-ipvs').textContent())!.match(/-> 10\.100\.\d+\.\d+:80 +Masq/g)?.length, 2, 'ipvs: two real servers in the cluster CIDR');
  await page.selectOption('.service-panel select[name="mode"]', 'iptables');
  const iptables = (await page.locator('.service-panel pre.rules-iptables').textContent())!;
  t.match(iptables, new RegExp(`-A KUBE-SVC-[A-Z2-7]{16} -m comment --comment "default/web cluster IP" -m tcp -p tcp -d ${ip} --dport 80 ! -s 10\\.100\\.0\\.0/16 -j KUBE-MARK-MASQ\\n`), 'traffic from outside the cluster CIDR is masqueraded');
  t.notMatch(iptables, /10\.244\./, 'nothing of the default pod network');
  t.equal(iptables.match(/-j DNAT --to-destination 10\.100\.\d+\.\d+:80\n/g)?.length, 2, 'its two pods, addressed from the cluster CIDR');
  t.comment(await h.shot('02-iptables-cluster-cidr'));

  // Edited by hand with markup in the domain: the change arrives by the watch, shown as text.
  await page.click('.service-panel .tab-dns');
  const markup = '<img src=x onerror="document.title=\'pwned\'">';
  const cm = await h.api<{ data: { kubelet: string } }>('GET', '/api/v1/namespaces/kube-system/configmaps/kubelet-config');
  cm.data.kubelet = cm.data.kubelet.replace('clusterDomain: corp.example\n', `clusterDomain: ${JSON.stringify(markup)}\n`);
  await h.api('PUT', '/api/v1/namespaces/kube-system/configmaps/kubelet-config', cm);
  await page.waitForFunction((m) => document.querySelector('.service-panel .fqdn')?.textContent === `web.default.svc.${m}`, markup, { timeout });
  t.equal(await page.evaluate(() => document.querySelectorAll('#app img').length), 0, 'no element made from the ConfigMap\'s text');
  t.not(await page.title(), 'pwned');

  // Deleted: kube's default domain, and the panel says why (the watch brings the change).
  await h.api('DELETE', '/api/v1/namespaces/kube-system/configmaps/kubelet-config');
  await page.waitForSelector('.service-panel .cluster-settings[data-read="false"][data-domain="cluster.local"]', { timeout });
  t.equal(await page.locator('.service-panel .settings-note').textContent(), 'configmap kube-system/kubelet-config not found: kube\'s defaults (clusterDomain "cluster.local", clusterDNS [])');
  t.equal(await page.locator('.service-panel .fqdn').textContent(), 'web.default.svc.cluster.local', 'names under kube\'s default domain');
  t.comment(await h.shot('03-dns-defaults'));
  t.same(h.pageErrors(), [], 'no script errors on the page');
});

t.test('a token that may not read kube-system ConfigMaps: kube\'s defaults, the refusal said, the page live', async (t) => {
  const h = await openUi(t, 'service-settings-forbidden', { up: ['--nodes', '1', '--cluster-domain', 'corp.example'] }, false);
  const { page } = h;
  const message = 'configmaps is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "configmaps" in API group "" in the namespace "kube-system"';
  await page.route(/\/api\/v1\/namespaces\/kube-system\/configmaps/, (route) =>
    route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { kind: 'configmaps' }, code: 403 }) }),
  );
  await page.goto(`${h.mp.url}/ui`);
  await page.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  await h.api('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', 1));
  await h.api('POST', '/api/v1/namespaces/default/services', exposed('web'));
  await page.waitForSelector('.service[data-name="web"] .ep[data-state="ready"]', { timeout });
  await page.click('.service[data-name="web"] button.name');
  await page.click('.service-panel .tab-dns');
  await page.waitForSelector('.service-panel .cluster-settings[data-read="false"]', { timeout });
  t.equal(await page.locator('.service-panel .settings-note').textContent(), `cannot read configmap kube-system/kubelet-config: ${message}: kube's defaults (clusterDomain "cluster.local", clusterDNS [])`);
  t.equal(await page.locator('.service-panel .fqdn').textContent(), 'web.default.svc.cluster.local', 'names under kube\'s default domain');
  await page.click('.service-panel .tab-rules');
  t.match(await page.locator('.service-panel .settings-note').textContent(), /^cannot read configmap kube-system\/kube-proxy: configmaps is forbidden: .*: kube's defaults \(clusterCIDR "", mode "iptables", ipvsScheduler "rr", masqueradeAll false\)$/);
  const iptables = await page.locator('.service-panel pre.rules-iptables').textContent();
  t.match(iptables, /-A KUBE-SERVICES -m comment --comment "default\/web cluster IP" .* -j KUBE-SVC-[A-Z2-7]{16}\n/, 'the Service has its chain (it has an endpoint)');
  t.notMatch(iptables, /! -s \S+ -j KUBE-MARK-MASQ/, 'no cluster CIDR: no local-traffic masquerade rule');
  t.equal(await page.locator('.status').getAttribute('data-state'), 'live', 'the page\'s own watches are unaffected');
  t.comment(await h.shot('01-forbidden'));
  t.same(h.pageErrors().filter((e) => !/status of 403/.test(e)), [], 'no script errors (the refused list aside)');
});
