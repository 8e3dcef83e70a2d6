// Bench: the live view (/ui) stays usable while a Deployment scales 0 -> N (default 1,000) on
// the default 3 simulated nodes (issue 16: no frame over 50 ms). The server is a `miniplane up` on a
// free port; the page is headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// with /ui open and a Service over the Deployment, so every view works: slice boxes, Pods by Node,
// Deployments, the timeline. In the page a requestAnimationFrame loop records every frame's gap
// and a PerformanceObserver the long tasks (> 50 ms of main-thread work), from the scale request
// until the page shows N ready endpoint boxes. Prints the longest frame gap, p99 and p50, the frame
// count, the long tasks (count, longest), the seconds until the page listed all N pods and showed
// all N boxes ready, how long a click on a pod's name takes to open its panel afterwards, the page's
// JS heap and element count at the end, and the load average.
// Usage: node bench/ui.mjs [--pods 1000] [--timeout 300] [--assets DIR]   (MINIPLANE_CHROMIUM:
// another browser; --assets DIR: the page's files from DIR, a saved packages/ui/dist/www, to
// compare two builds of the page in the same conditions)
// Diagnostics: UI_PROFILE=cpu (V8 self time by function) or UI_PROFILE=trace (trace events by
// name: Paint, Layout, FunctionCall..., then for the gaps over 50 ms the page's own CPU time in
// them; UI_TRACE_OUT=FILE keeps the trace for DevTools) prints where the page's main thread went;
// UI_HIDE=SELECTOR hides that part of the page (e.g. .nodes, .timeline, .services) to see its
// share; UI_CSS="RULE\nRULE" adds CSS rules to try.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { argInt, percentile, request, startMiniplane } from './lib.mjs';

/**
 * Whose fault a long frame is: for each gap over 50 ms between animation frames, the CPU time
 * (trace events' tdur, not wall time) the page's main thread spent in it. A long gap with little
 * CPU is the page waiting for a core (or for the compositor), not the page's own work.
 */
function frameCpu(trace) {
  const counts = new Map();
  for (const e of trace) if (e.name === 'FireAnimationFrame') counts.set(e.tid, (counts.get(e.tid) ?? 0) + 1);
  const tid = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const main = trace.filter((e) => e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // top-level events only (nested ones are inside their parent's time)
  const top = [];
  for (const e of main) if (!top.length || e.ts >= top.at(-1).ts + top.at(-1).dur) top.push(e);
  const frames = main.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.ts).filter((t, i, a) => i === 0 || t - a[i - 1] > 3000);
  const cpu = [];
  for (let i = 1, j = 0; i < frames.length; i++) {
    let sum = 0;
    while (j < top.length && top[j].ts < frames[i]) {
      if (top[j].ts >= frames[i - 1]) sum += top[j].tdur ?? 0;
      j++;
    }
    if (frames[i] - frames[i - 1] > 50_000) cpu.push(sum / 1000);
  }
  cpu.sort((a, b) => a - b);
  if (!cpu.length) return 'no gap over 50 ms between animation frames in the trace';
  return `${cpu.length} gaps over 50 ms between animation frames; the page's main-thread CPU in them: median ${cpu[cpu.length >> 1].toFixed(1)} ms, most ${cpu.at(-1).toFixed(1)} ms, ${cpu.filter((c) => c > 50).length} over 50 ms`;
}

const require = createRequire(new URL('../packages/ui/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const pods = argInt('pods', 1000);
const timeoutS = argInt('timeout', 300);
const perNode = Math.ceil(pods / 3) + 10;
const load0 = loadavg()[0];

const mp = await startMiniplane(['--max-pods', String(perNode), '--node-cidr-mask-size', '20', '--node-cpu', '1000', '--node-memory', '4000Gi']);
const profile = mkdtempSync(join(tmpdir(), 'miniplane-bench-ui-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.MINIPLANE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // --assets DIR: the page's own files (app.js, its chunks, ui.css) from DIR, a saved
  // packages/ui/dist/www, to compare two builds of the page against the same server in the same
  // conditions (headers, CSP included, from the server's answer for app.js).
  const assets = process.argv.includes('--assets') ? process.argv[process.argv.indexOf('--assets') + 1] : undefined;
  if (assets) {
    await page.route(/\/ui\/[\w.-]+\.(js|css)$/, async (route) => {
      const file = new URL(route.request().url()).pathname.split('/').pop();
      const res = await route.fetch({ url: new URL(file.endsWith('.css') ? 'ui.css' : 'app.js', route.request().url()).href });
      await route.fulfill({ response: res, body: readFileSync(join(assets, file)) });
    });
  }
  await page.goto(`${mp.url}/ui`);
  await page.waitForSelector('.status[data-state="live"]', { timeout: 60_000 });
  const deployments = '/apis/apps/v1/namespaces/default/deployments';
  await request(mp.url, 'POST', deployments, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.26', ports: [{ containerPort: 80 }] }] } } },
  });
  await request(mp.url, 'POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] } });
  await page.waitForSelector('.deployment[data-name="web"]', { timeout: 30_000 });
  // A rule added through the CSSOM (the page's CSP refuses inline style elements).
  if (process.env.UI_CSS) await page.evaluate((rules) => rules.split('\n').filter(Boolean).forEach((r) => document.styleSheets[0].insertRule(r, document.styleSheets[0].cssRules.length)), process.env.UI_CSS);
  if (process.env.UI_HIDE) await page.evaluate((sel) => document.styleSheets[0].insertRule(`${sel} { display: none !important; }`), process.env.UI_HIDE);
  await page.evaluate(() => {
    const perf = { gaps: [], long: [], stop: false };
    window.__perf = perf;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.long.push(e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const frame = (t) => {
      perf.gaps.push(t - last);
      last = t;
      if (!perf.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const cdp = process.env.UI_PROFILE ? await page.context().newCDPSession(page) : undefined;
  const trace = [];
  if (cdp && process.env.UI_PROFILE === 'trace') {
    cdp.on('Tracing.dataCollected', (e) => trace.push(...e.value));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8', transferMode: 'ReportEvents' });
  } else if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  const res = await fetch(`${mp.url}${deployments}/web/scale`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { replicas: pods } }) });
  if (!res.ok) throw new Error(`scale: ${res.status} ${await res.text()}`);
  // Done when the Service's slices show N ready endpoints: summed from each slice's data-ready
  // (a few dozen elements to read, not 10,000 boxes), or by counting boxes for a page without it.
  const listed = page
    .waitForFunction((n) => Number(document.querySelector('.nodes h2 .count')?.textContent) === n, pods, { timeout: timeoutS * 1000, polling: 250 })
    .then(() => (Date.now() - t0) / 1000);
  await page.waitForFunction(
    (n) => {
      const slices = [...document.querySelectorAll('.service[data-name="web"] .slice')];
      const ready = slices.length && slices[0].hasAttribute('data-ready') ? slices.reduce((a, s) => a + Number(s.getAttribute('data-ready')), 0) : document.querySelectorAll('.service[data-name="web"] .ep[data-state="ready"]').length;
      return ready === n;
    },
    pods,
    { timeout: timeoutS * 1000, polling: 250 },
  );
  const secs = (Date.now() - t0) / 1000;
  const listedSecs = await listed;
  if (cdp && process.env.UI_PROFILE === 'trace') {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    if (process.env.UI_TRACE_OUT) writeFileSync(process.env.UI_TRACE_OUT, JSON.stringify({ traceEvents: trace }));
    const by = new Map();
    for (const e of trace) if (e.ph === 'X' && e.dur) by.set(e.name, (by.get(e.name) ?? 0) + e.dur);
    for (const [k, us] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
    console.log(frameCpu(trace));
  } else if (cdp) {
    const { profile: prof } = await cdp.send('Profiler.stop');
    const self = new Map();
    const dt = new Map();
    prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
    for (const n of prof.nodes) {
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      self.set(k, (self.get(k) ?? 0) + (dt.get(n.id) ?? 0));
    }
    for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  }
  const perf = await page.evaluate(() => {
    window.__perf.stop = true;
    return { gaps: window.__perf.gaps, long: window.__perf.long, elements: document.getElementsByTagName('*').length };
  });
  // Still usable: a pod's name clicked once the frames are counted (the first in view), its panel shown.
  const c0 = Date.now();
  await page.click('.pod .pod-name');
  await page.waitForSelector('.pod-panel', { timeout: 30_000 });
  const clickMs = Date.now() - c0;
  const metrics = await page.context().newCDPSession(page).then(async (s) => {
    await s.send('Performance.enable');
    const { metrics: m } = await s.send('Performance.getMetrics');
    return Object.fromEntries(m.map((x) => [x.name, x.value]));
  });
  const gaps = perf.gaps.slice(1).sort((a, b) => a - b);
  const r = {
    pods, secs: +secs.toFixed(1), frames: gaps.length,
    longestFrameMs: +gaps.at(-1).toFixed(1), p99FrameMs: +percentile(gaps, 99).toFixed(1), p50FrameMs: +percentile(gaps, 50).toFixed(1),
    framesOver50ms: gaps.filter((g) => g > 50).length,
    longTasks: perf.long.length, longestTaskMs: +Math.max(0, ...perf.long).toFixed(1),
    podsListedSecs: +listedSecs.toFixed(1), podPanelMs: clickMs, jsHeapMB: +(metrics.JSHeapUsedSize / 1e6).toFixed(1), domNodes: metrics.Nodes, elements: perf.elements,
    load: +load0.toFixed(2), loadEnd: +loadavg()[0].toFixed(2), pageErrors: errors.length,
  };
  console.log(`longest frame ${r.longestFrameMs} ms | p99 ${r.p99FrameMs} ms | frames over 50 ms: ${r.framesOver50ms} of ${r.frames}   (goal: none over 50 ms; load ${r.load} -> ${r.loadEnd})`);
  console.log(`Deployment 0 -> ${pods} with /ui open: all ${pods} pods listed in ${r.podsListedSecs} s, all ${pods} endpoint boxes ready in ${r.secs} s; frames ${r.frames}, longest ${r.longestFrameMs} ms, p99 ${r.p99FrameMs} ms, p50 ${r.p50FrameMs} ms, ${r.framesOver50ms} over 50 ms; long tasks ${r.longTasks} (longest ${r.longestTaskMs} ms); a pod clicked, its panel in ${r.podPanelMs} ms; page JS heap ${r.jsHeapMB} MB, ${r.elements} elements; load ${r.load}`);
  console.log(JSON.stringify(r));
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  await mp.stop();
}
