/**
 * The panels render user input as text too: a Service annotation, a Pod's owner and an Event's
 * reason and message holding markup show verbatim in the Service panel's YAML, the Pod panel and
 * the timeline, and no element is made from them (the DOM is the check, as in escaping.test.ts).
 */
import t from 'tap';
import { deployment, exposed, openUi } from './browser.js';

const markup = '<img src=x onerror="document.title=\'pwned\'">';

t.test('markup in the panels and the timeline is shown as text', async (t) => {
  const h = await openUi(t, 'panels-escaping', { nodes: 1 });
  const { page } = h;
  await page.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  await h.api('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', 1));
  const svc = exposed('web') as { metadata: Record<string, unknown> };
  svc.metadata.annotations = { note: markup };
  await h.api('POST', '/api/v1/namespaces/default/services', svc);
  await h.api('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'victim', annotations: { why: markup }, ownerReferences: [{ apiVersion: 'v1', kind: '<b>Kind</b>', name: markup, uid: '00000000-0000-0000-0000-000000000001' }] },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
  await h.api('POST', '/api/v1/namespaces/default/events', {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'victim.1' }, type: 'Warning', reason: '<i>Odd</i>', message: markup, count: 2,
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'victim' }, source: { component: 'test' },
  });

  const row = page.locator('.timeline .tl-event[data-involved="Pod/victim"][data-reason="<i>Odd</i>"]');
  await row.first().waitFor({ state: 'attached', timeout: 60_000 });
  t.equal(await row.first().locator('.tl-reason').textContent(), '<i>Odd</i>', 'the Event reason, verbatim');
  t.equal(await row.first().locator('.tl-message').textContent(), markup, 'its message');
  t.equal(await row.first().locator('.tl-count').textContent(), 'x2', 'its count');

  await page.click('.service[data-name="web"] button.name');
  t.match(await page.locator('.service-panel pre.yaml').textContent(), `note: ${markup}`, 'the annotation in the YAML, verbatim');
  await page.click('.service-panel .close');
  await page.waitForSelector('.pod[data-name="victim"]', { timeout: 60_000 });
  await page.click('.pod[data-name="victim"] .pod-name');
  t.equal(await page.locator('.pod-panel .owner').textContent(), `<b>Kind</b>/${markup}`, 'the owner in the Pod panel');
  const made = await page.evaluate(() => document.querySelectorAll('#app img, #app script, #app b, #app i').length);
  t.equal(made, 0, 'no element was made from the data');
  t.not(await page.title(), 'pwned');
  t.comment(await h.shot('markup-as-text'));
  t.same(h.pageErrors(), [], 'no script errors on the page');
});
