import t from 'tap';
import type { Container } from './types.js';
import { podQOSClass } from './qos.js';

const c = (requests?: Record<string, string>, limits?: Record<string, string>): Container => ({ name: 'c', resources: { requests, limits } });

t.test('podQOSClass', async (t) => {
  const cases: Array<[string, Container[], Container[] | undefined, string]> = [
    ['no resources', [{ name: 'c' }], undefined, 'BestEffort'],
    ['requests only', [c({ cpu: '100m' })], undefined, 'Burstable'],
    ['limits equal requests', [c({ cpu: '1', memory: '1Gi' }, { cpu: '1000m', memory: '1Gi' })], undefined, 'Guaranteed'],
    ['limits only (requests default to them)', [c(undefined, { cpu: '1', memory: '1Gi' })], undefined, 'Guaranteed'],
    ['memory limit missing', [c(undefined, { cpu: '1' })], undefined, 'Burstable'],
    ['requests below limits', [c({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })], undefined, 'Burstable'],
    ['one guaranteed, one best-effort container', [c(undefined, { cpu: '1', memory: '1Gi' }), { name: 'd' }], undefined, 'Burstable'],
    ['an init container with requests', [{ name: 'c' }], [c({ memory: '64Mi' })], 'Burstable'],
    ['other resources do not count', [c({ 'ephemeral-storage': '1Gi' })], undefined, 'BestEffort'],
  ];
  for (const [what, containers, initContainers, want] of cases) t.equal(podQOSClass({ containers, initContainers }), want, what);
});
