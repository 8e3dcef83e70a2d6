/**
 * The page's watches end and resume without a reload: `reset()` ends every open watch (as a
 * server timeout would) and restores the objects as new revisions; the page's reflectors resume
 * from their last resourceVersion and show the restore (a Service made since disappears, one
 * deleted since comes back).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { exposed, openUi } from './browser.js';

t.test('the page follows a reset', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-ui-resume-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'seeded.json'), JSON.stringify(exposed('seeded')));
  const h = await openUi(t, 'resume', { controllers: 'serviceaccount', nodes: 0, manifests: dir });
  const { page, mp } = h;
  await page.waitForSelector('.status[data-state="live"]', { timeout: 30_000 });
  await h.api('POST', '/api/v1/namespaces/default/services', exposed('made-since'));
  await h.api('DELETE', '/api/v1/namespaces/default/services/seeded');
  await page.waitForSelector('.service[data-name="made-since"]', { timeout: 30_000 });
  await page.waitForSelector('.service[data-name="seeded"]', { state: 'detached', timeout: 30_000 });
  await mp.reset();
  await page.waitForSelector('.service[data-name="made-since"]', { state: 'detached', timeout: 30_000 });
  await page.waitForSelector('.service[data-name="seeded"]', { timeout: 30_000 });
  t.pass('the restore reached the page over resumed watches');
  await h.api('POST', '/api/v1/namespaces/default/services', exposed('after-reset'));
  await page.waitForSelector('.service[data-name="after-reset"]', { timeout: 30_000 });
  t.pass('and the page stays live');
  t.equal(await page.locator('.status').getAttribute('data-state'), 'live');
  t.same(h.pageErrors(), [], 'no script errors on the page');
});
