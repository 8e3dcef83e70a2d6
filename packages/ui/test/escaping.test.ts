/**
 * Names and labels are user input: the page shows them as text and never creates an element from
 * them. Two ways in: a Pod whose owner reference (kind and name: free text in the API) holds
 * markup, created through the server; and, since the API refuses markup in object names and
 * label values, a Service list rewritten on its way to the page (a name, namespace, label and
 * ports carrying markup), as a server that validated less would send it. The check is the DOM
 * itself: no <img>/<script> element exists (the CSP would stop an injected handler from running,
 * so "nothing ran" would prove nothing), and the text is there verbatim.
 */
import t from 'tap';
import { openUi } from './browser.js';

const markup = '<img src=x onerror="document.title=\'pwned\'">';

t.test('markup in names and labels is shown as text', async (t) => {
  const h = await openUi(t, 'escaping', { controllers: 'serviceaccount', nodes: 0 }, false);
  const { page } = h;
  await page.route('**/api/v1/services', async (route) => {
    const res = await route.fetch();
    const list = (await res.json()) as { items: unknown[] };
    list.items.push({
      metadata: { name: `svc-${markup}`, namespace: `ns-<script>document.title='pwned'</script>`, uid: 'u', resourceVersion: '1', labels: { [`l-${markup}`]: markup } },
      spec: { type: `<b>NodePort</b>`, clusterIP: '10.96.0.9', selector: { app: markup }, ports: [{ name: markup, port: 80, protocol: `<i>TCP</i>`, nodePort: 30080 }] },
    });
    await route.fulfill({ response: res, json: list });
  });
  await h.api('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'victim', ownerReferences: [{ apiVersion: 'v1', kind: `<b>Kind</b>`, name: markup, uid: '00000000-0000-0000-0000-000000000001' }] },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
  await page.goto(`${h.mp.url}/ui`);
  await page.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  await page.waitForSelector('.pod[data-name="victim"]', { timeout: 30_000 });

  const fake = page.locator('.service', { hasText: 'svc-<img' });
  t.equal(await fake.locator('.name').textContent(), `svc-${markup}`, 'the Service name, verbatim');
  t.equal(await fake.locator('.ns').textContent(), `ns-<script>document.title='pwned'</script>/`, 'its namespace');
  t.equal(await fake.locator('.type').textContent(), '<b>NodePort</b>', 'its type');
  t.equal(await fake.locator('.selector').textContent(), `app=${markup}`, 'its selector (labels)');
  t.equal(await fake.locator('.ports').textContent(), '80:30080/<i>TCP</i>', 'its ports');
  t.equal(await page.locator('.pod[data-name="victim"] .owner').textContent(), `<b>Kind</b>/${markup}`, 'the pod owner, from the server');
  const made = await page.evaluate(() => document.querySelectorAll('#app img, #app script, #app b, #app i').length);
  t.equal(made, 0, 'no element was made from the data');
  t.not(await page.title(), 'pwned');
  await h.shot('markup-as-text');
  t.same(h.pageErrors(), [], 'no script errors on the page');
});
