import t from 'tap';
import { validateDeleteOptions } from './deleteOptions.js';

const cases = [
  { name: 'empty', given: {}, want: [] },
  { name: 'every valid value', given: { propagationPolicy: 'Foreground', dryRun: ['All'], gracePeriodSeconds: 0 }, want: [] },
  { name: 'unknown policy', given: { propagationPolicy: 'Nope' }, want: ['propagationPolicy: Unsupported value: "Nope": supported values: "Foreground", "Background", "Orphan", "nil"'] },
  // An empty string is a value, not an absent policy.
  { name: 'empty policy', given: { propagationPolicy: '' }, want: ['propagationPolicy: Unsupported value: "": supported values: "Foreground", "Background", "Orphan", "nil"'] },
  { name: 'unknown dryRun', given: { dryRun: ['All', 'Bogus'] }, want: ['dryRun: Unsupported value: []string{"All", "Bogus"}: supported values: "All"'] },
  {
    name: 'orphanDependents with a policy',
    given: { orphanDependents: false, propagationPolicy: 'Orphan' },
    want: ['propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set'],
  },
];

for (const c of cases) t.test(c.name, async (t) => t.strictSame(validateDeleteOptions(c.given).map(String), c.want));
