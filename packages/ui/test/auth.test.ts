/**
 * The page on `up --tls`: its files load without a token, its API calls are refused until one is
 * given; the token form stores it in this tab's sessionStorage only (no cookie) and the page goes
 * live over HTTPS and WSS (the watch's token in kube's bearer subprotocol); a wrong token is
 * refused; `/ui#token=...` hands a token over and the fragment is removed from the address bar.
 */
import t from 'tap';
import { openUi } from './browser.js';

t.test('the token form and #token=', async (t) => {
  const h = await openUi(t, 'auth', { tls: true, controllers: 'serviceaccount', nodes: 0 });
  const { page, mp } = h;
  await page.waitForSelector('.status[data-state="unauthorized"]', { timeout: 30_000 });
  t.equal(await page.locator('.service').count(), 0, 'nothing shown without a token');

  await page.fill('.login input', 'not-the-token');
  await page.click('.login button');
  await page.waitForFunction(() => sessionStorage.getItem('miniplane.token') === 'not-the-token');
  await page.waitForSelector('.status[data-state="unauthorized"]', { timeout: 30_000 });
  t.equal(await page.locator('.login').count(), 1, 'a wrong token: still refused, the form again');

  await page.fill('.login input', mp.token!);
  await page.click('.login button');
  await page.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  t.equal(await page.locator('.login').count(), 0, 'the form is gone');
  await h.api('POST', '/api/v1/namespaces/default/services', { metadata: { name: 'after-login' }, spec: { ports: [{ port: 80 }] } });
  await page.waitForSelector('.service[data-name="after-login"]', { timeout: 30_000 });
  t.pass('a Service made after the login arrives over the watch (wss)');
  t.equal(await page.evaluate(() => sessionStorage.getItem('miniplane.token')), mp.token, 'kept in sessionStorage');
  t.same(await h.context.cookies(), [], 'no cookie');
  await h.shot('logged-in');

  const other = await h.context.newPage();
  t.teardown(() => other.close());
  await other.goto(`${mp.url}/ui#token=${encodeURIComponent(mp.token!)}`);
  await other.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  t.equal(new URL(other.url()).hash, '', 'the fragment is removed from the address bar');
  await other.goBack();
  t.notMatch(other.url(), /token/, 'and from the history (replaced, not pushed)');
  t.same(h.pageErrors(), [], 'no script errors on the page');
});
