import t from 'tap';
import { parseQuantity } from './quantity.js';

t.test('parseQuantity', async (t) => {
  const cases: Array<[string | undefined, number | undefined]> = [
    ['1', 1], ['100m', 0.1], ['0.5', 0.5], ['1.5', 1.5], ['128Mi', 128 * 2 ** 20], ['1Gi', 2 ** 30], ['1G', 1e9], ['2k', 2000],
    ['1e3', 1000], ['5E2', 500], ['.5', 0.5], ['-1', -1], ['110', 110], ['16Gi', 16 * 2 ** 30],
    ['', undefined], ['1x', undefined], ['Mi', undefined], ['1 Mi', undefined], [undefined, undefined],
  ];
  for (const [text, want] of cases) t.equal(parseQuantity(text), want, String(text));
});
