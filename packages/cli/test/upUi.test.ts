/**
 * `miniplane up` and the live view: served at URL/ui on loopback by default (the second line of
 * output says where; the page's files come from the bundle, the slices' maximum from
 * --max-endpoints-per-slice), left out with --no-ui (404 like any unknown path); like the API, only
 * to loopback names, addresses and the --allowed-hosts names (DNS rebinding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import http from 'node:http';
import t from 'tap';
import { bin, up } from './upProcess.js';

function dataDir(t: Tap.Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-upui-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('up serves /ui by default, with the slices maximum it was given', async (t) => {
  const s = await up(t, ['--in-memory', '--listen', '127.0.0.1:0', '--data-dir', dataDir(t), '--nodes', '0', '--max-endpoints-per-slice', '50']);
  const page = await fetch(`${s.url}/ui`);
  t.equal(page.status, 200);
  t.match(await page.text(), /<script type="module" src="\/ui\/app\.js"><\/script>/);
  t.match(page.headers.get('content-security-policy'), /default-src 'self'/);
  const script = await fetch(`${s.url}/ui/app.js`);
  t.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  t.ok((await script.text()).length > 1000, 'the bundled page script');
  t.same(await (await fetch(`${s.url}/ui/config.json`)).json(), { maxEndpointsPerSlice: 50 });
});

t.test('up --no-ui leaves it out', async (t) => {
  const s = await up(t, ['--in-memory', '--listen', '127.0.0.1:0', '--data-dir', dataDir(t), '--nodes', '0', '--no-ui']);
  t.equal((await fetch(`${s.url}/ui`)).status, 404);
  t.equal((await fetch(`${s.url}/ui/app.js`)).status, 404);
});

t.test('the live view line, after the ready line', async (t) => {
  const child = spawn(process.execPath, [bin, 'up', '--in-memory', '--listen', '127.0.0.1:0', '--data-dir', dataDir(t), '--nodes', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.teardown(() => void child.kill('SIGKILL'));
  const lines = await new Promise<string[]>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const got = buf.split('\n');
      if (got.length > 2) resolve(got.slice(0, 2));
    });
    child.once('exit', (c) => reject(new Error(`exited ${c}`)));
  });
  const url = /^miniplane ready at (\S+) /.exec(lines[0]!)?.[1];
  t.equal(lines[1], `miniplane live view at ${url}/ui`);
});

/** The status of GET `path` sent to 127.0.0.1 with `host` as the Host header. */
function statusFor(url: string, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: new URL(url).port, path, headers: { host }, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

t.test('up --allowed-hosts: the page and the API answer those names and loopback, 403 to others', async (t) => {
  const s = await up(t, ['--in-memory', '--listen', '127.0.0.1:0', '--data-dir', dataDir(t), '--nodes', '0', '--allowed-hosts', 'dev.example.test,.apps.example.test']);
  const port = new URL(s.url).port;
  const cases: Array<{ host: string; want: number }> = [
    { host: `localhost:${port}`, want: 200 },
    { host: `dev.example.test:${port}`, want: 200 },
    { host: `ui.apps.example.test:${port}`, want: 200 },
    { host: `evil.example:${port}`, want: 403 },
  ];
  for (const c of cases) {
    for (const path of ['/ui/', '/api/v1/namespaces']) t.equal(await statusFor(s.url, path, c.host), c.want, `${path}, Host ${c.host}`);
  }
});
