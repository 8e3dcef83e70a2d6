import t from 'tap';
import { checkControllerFlag, isControllerEnabled, selectControllers, splitControllerFlag } from './controllerSelection.js';

const known = [
  { name: 'a-controller', aliases: ['a'] },
  { name: 'b-controller', aliases: ['b'] },
  { name: 'off-controller', aliases: ['off'], disabledByDefault: true },
];
const names = (flag: string) => selectControllers(splitControllerFlag(flag), known).map((c) => c.name);

t.test('selection follows kube-controller-manager', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['*', ['a-controller', 'b-controller']],
    ['', []],
    ['a', ['a-controller']],
    ['*,-a', ['b-controller']],
    ['-a,*', ['b-controller']],
    ['*,off', ['a-controller', 'b-controller', 'off-controller']],
    ['off', ['off-controller']],
    ['a,-a', ['a-controller']],
    ['-a,a', []],
    ['*,-b-controller', ['a-controller']],
    [' * , -a ', ['b-controller']],
  ];
  for (const [flag, want] of cases) t.same(names(flag), want, JSON.stringify(flag));
});

t.test('unknown names are refused with kube words', async (t) => {
  t.throws(() => checkControllerFlag(['*', '-nope', 'zip'], known), {
    message: '"nope" is not in the list of known controllers\n"zip" is not in the list of known controllers',
  });
  t.same(checkControllerFlag(['*', '-a', 'b-controller'], known), ['*', '-a-controller', 'b-controller'], 'aliases become canonical names');
  t.equal(isControllerEnabled('x', ['*'], true), false);
  t.equal(isControllerEnabled('x', ['*'], false), true);
});
