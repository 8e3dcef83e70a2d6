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
    { seed: fuzzSeed, numRuns, interruptAfterTimeLimit: Number(process.env.FUZZ_TIME_LIMIT_MS ?? 10 * 60_000) },
  );
  // The store check must not be vacuous: most runs are all refusals.
  t.ok(compared >= numRuns / 4, `${compared} of ${numRuns} runs were all refusals and compared`);
});
