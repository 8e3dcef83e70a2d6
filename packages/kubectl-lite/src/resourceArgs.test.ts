import t from 'tap';
import { bareName } from './resourceArgs.js';

t.test('bareName takes NAME or TYPE/NAME for the kind the verb works on', async (t) => {
  const cases: Array<[string, 'node' | 'pod', string]> = [
    ['node-1', 'node', 'node-1'],
    ['node/node-1', 'node', 'node-1'],
    ['nodes/node-1', 'node', 'node-1'],
    ['no/node-1', 'node', 'node-1'],
    ['pod/web-0', 'node', 'pod/web-0'],
    ['web-0', 'pod', 'web-0'],
    ['pod/web-0', 'pod', 'web-0'],
    ['pods/web-0', 'pod', 'web-0'],
    ['po/web-0', 'pod', 'web-0'],
    ['svc/web', 'pod', 'svc/web'],
  ];
  for (const [arg, kind, want] of cases) t.equal(bareName(arg, kind), want, `${kind} ${arg}`);
});
