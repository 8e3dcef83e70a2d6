/**
 * Property-based fuzzing of the REST API (issue 9): runs of generated hostile requests
 * (fuzzArbitraries.ts) against a real server. Properties, checked on every run:
 * - every request is answered (nothing freezes), never 5xx except where kube answers 5xx too;
 * - every error is a metav1.Status with the answer's code;
 * - a run whose requests were all refused leaves every stored object exactly as it was
 *   (whole objects and resourceVersions, compared through the API);
 * - the server is alive and a normal create, get and list are correct after each run.
 * Fixed seed and a bounded count in `pnpm test`; `FUZZ_RUNS=2000 FUZZ_SEED=123 pnpm exec tap
 * packages/apiserver/test/fuzzRequests.test.ts` for a longer local run. A failure prints the
 * seed, the path to replay and the shrunk requests.
 */
import fc from 'fast-check';
import t from 'tap';
import { fuzzKinds, hostileRequest } from './fuzzArbitraries.js';
import { answerProblem, canaryProblem, describeRequest, seed, servedLists, snapshot } from './fuzzChecks.js';
import { startTestServer } from './harness.js';
import { rawRequest } from './rawHttp.js';

const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20261204);
const numRuns = Number(process.env.FUZZ_RUNS ?? 80);
const timeLimitMs = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 10 * 60_000);

// The default 80 runs took 3-5 s on a quiet machine and up to 34 s in CI's parallel suites (three
// Node versions, six files at once on 2 cores): 300 s keeps a wide margin over tap's 120 s. A longer
// run (FUZZ_RUNS) may take fast-check's whole time limit, and a minute more to shrink and report.
t.setTimeout(process.env.FUZZ_RUNS ? timeLimitMs + 60_000 : 300_000);

t.test('hostile request runs: no 5xx, Status errors, store unchanged by refusals, server healthy', async (t) => {
  const s = await startTestServer(t);
  const lists = await servedLists(s.url);
  await seed(s.url, fuzzKinds);
  let compared = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(hostileRequest, { minLength: 1, maxLength: 5 }), async (reqs) => {
      const before = await snapshot(s.url, lists);
      let allRefused = true;
      for (const r of reqs) {
        const res = await rawRequest(s.url, r, { streamMs: 30 });
        const problem = answerProblem(r, res);
        if (problem) throw new Error(`${problem}\n  request: ${describeRequest(r)}`);
        if (res.status < 400) allRefused = false;
      }
      if (allRefused) {
        compared++;
        const after = await snapshot(s.url, lists);
        const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
        if (changed.length) throw new Error(`refused requests changed the store: ${changed.join(', ')}`);
      }
      const canary = await canaryProblem(s.url);
      if (canary) throw new Error(`after the run: ${canary}`);
      await seed(s.url, fuzzKinds);
    }),
    { seed: fuzzSeed, numRuns, interruptAfterTimeLimit: timeLimitMs },
  );
  // The store check must not be vacuous: most runs are all refusals.
  t.ok(compared >= numRuns / 4, `${compared} of ${numRuns} runs were all refusals and compared`);
});

t.test('the answer check fails what breaks the properties', async (t) => {
  const status = (code: number, message: string, reason?: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, ...(reason ? { reason } : {}), code });
  const json = { 'content-type': 'application/json' };
  const cases: Array<{ name: string; status: number; body: string; headers?: Record<string, string>; bad: boolean }> = [
    { name: 'a 500 of our own', status: 500, body: status(500, 'Internal error occurred: boom', 'InternalError'), bad: true },
    { name: 'a 503', status: 503, body: status(503, 'x', 'ServiceUnavailable'), bad: true },
    // edge: kube answers these 5xx itself
    { name: "kube's full range", status: 500, body: status(500, 'Internal error occurred: failed to allocate a serviceIP: range is full', 'InternalError'), bad: false },
    { name: "kube's future resourceVersion", status: 504, body: status(504, 'Timeout: Too large resource version: 99, current: 12', 'Timeout'), bad: false },
    { name: 'an error that is not JSON', status: 400, body: 'Bad Request', headers: { 'content-type': 'text/plain' }, bad: true },
    { name: 'an error that is not a Status', status: 400, body: '{"error":"Bad Request","statusCode":400}', bad: true },
    { name: 'a Status with another code', status: 404, body: status(400, 'x', 'BadRequest'), bad: true },
    // edge: reason is omitempty (kube's unclassified errors)
    { name: 'a Status without reason', status: 422, body: status(422, 'x'), bad: false },
    { name: 'a success', status: 200, body: '{}', bad: false },
  ];
  for (const c of cases) {
    const problem = answerProblem({ method: 'GET', path: '/x' }, { status: c.status, headers: c.headers ?? json, body: Buffer.from(c.body), streaming: false });
    t.equal(problem !== undefined, c.bad, `${c.name}: ${problem ?? 'ok'}`);
  }
});
