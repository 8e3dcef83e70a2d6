import t from 'tap';
import { GoJsonSyntaxError, goJsonKind, maxJsonDepth, numberLiteral, parseGoJson } from './goJsonText.js';

t.test('valid JSON parses', async (t) => {
  t.strictSame(parseGoJson(' {"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]} '), { a: [1, -2500, true, false, null, 'é\n'] });
});

t.test("Go's scanner messages", async (t) => {
  const cases: Array<{ name: string; given: string; want: string }> = [
    { name: 'empty input', given: '', want: 'unexpected end of JSON input' },
    { name: 'bare word', given: 'invalid json patch', want: "invalid character 'i' looking for beginning of value" },
    { name: 'truncated object', given: '{"a":1', want: 'unexpected end of JSON input' },
    { name: 'unquoted key', given: '{a:1}', want: "invalid character 'a' looking for beginning of object key string" },
    { name: 'missing colon', given: '{"a" 1}', want: "invalid character '1' after object key" },
    { name: 'missing comma in object', given: '{"a":1 "b":2}', want: `invalid character '"' after object key:value pair` },
    { name: 'trailing comma in array', given: '[1,]', want: "invalid character ']' looking for beginning of value" },
    { name: 'missing comma in array', given: '[1 2]', want: "invalid character '2' after array element" },
    { name: 'two values', given: '{} {}', want: "invalid character '{' after top-level value" },
    // edge: a leading zero ends the number, so the next digit is a second value
    { name: 'leading zero', given: '01', want: "invalid character '1' after top-level value" },
    { name: 'bad literal', given: 'tru', want: 'unexpected end of JSON input' },
    { name: 'wrong literal letter', given: 'nul1', want: "invalid character '1' in literal null (expecting 'l')" },
    { name: 'bad escape', given: '"\\x"', want: "invalid character 'x' in string escape code" },
    { name: 'bad unicode escape', given: '"\\u12g4"', want: "invalid character 'g' in \\u hexadecimal character escape" },
    { name: 'control character', given: '"a\nb"', want: "invalid character '\\n' in string literal" },
    { name: 'bare minus', given: '-', want: 'unexpected end of JSON input' },
    { name: 'dot without digits', given: '1.x', want: "invalid character 'x' after decimal point in numeric literal" },
    { name: 'exponent without digits', given: '1e+', want: 'unexpected end of JSON input' },
    { name: 'single quote', given: "'a'", want: "invalid character '\\'' looking for beginning of value" },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => t.throws(() => parseGoJson(c.given), new GoJsonSyntaxError(c.want)));
  }
});

t.test('kind names', async (t) => {
  t.strictSame([{}, [], 's', 1, true, null].map(goJsonKind), ['object', 'array', 'string', 'number', 'bool', 'null']);
});

t.test('the reader builds the same values as JSON.parse', async (t) => {
  // Each text is read by the slow reader (forced with a 16-digit number) and compared.
  const texts = ['{"a":[1,{"b":[]},{}],"c":"x\\"y\\\\","d":-0.5e-3,"e":null,"f":true}', '[[],[[]],{"k":{"k":{}}}]', '"\\ud83d\\ude00\\u00e9\\t"', '  0  '];
  for (const text of texts) {
    const slow = parseGoJson(`[${text}, 1234567890123456]`) as unknown[];
    t.strictSame(slow[0], JSON.parse(text), text);
  }
});

t.test('nesting is bounded without recursion', async (t) => {
  const nest = (n: number) => `{"a":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
  t.strictSame(parseGoJson(nest(maxJsonDepth)), JSON.parse(nest(maxJsonDepth)), 'the limit itself is fine');
  // One level more is Go's error, whichever path reads it.
  t.throws(() => parseGoJson(nest(maxJsonDepth + 1)), new GoJsonSyntaxError('exceeded max depth'));
  t.throws(() => parseGoJson(`${nest(maxJsonDepth + 1)} 1234567890123456`), new GoJsonSyntaxError('exceeded max depth'));
  // A million levels: refused at level 101, long before any stack could run out.
  t.throws(() => parseGoJson('['.repeat(1_000_000)), new GoJsonSyntaxError('exceeded max depth'));
  // Brackets inside strings are not nesting.
  t.strictSame(parseGoJson(JSON.stringify({ s: '['.repeat(500) })), { s: '['.repeat(500) });
  // A syntax fault before the depth fault wins, as in Go's scanner.
  t.throws(() => parseGoJson(`[x${'['.repeat(200)}`), new GoJsonSyntaxError("invalid character 'x' looking for beginning of value"));
});

t.test('integers beyond 2^53 are exact bigints; the rest are numbers', async (t) => {
  const cases = [
    // 2^53 + 1: the first integer a double cannot hold.
    { given: '9007199254740993', want: 9007199254740993n },
    { given: '9223372036854775807', want: 9223372036854775807n },
    // One past int64: still exact here; the type check refuses it for int64 fields.
    { given: '9223372036854775808', want: 9223372036854775808n },
    { given: '-9223372036854775808', want: -9223372036854775808n },
    // 2^53 itself and below stay numbers.
    { given: '9007199254740992', want: 9007199254740992 },
    { given: '9007199254740991', want: 9007199254740991 },
    // Not integer literals: floats, whatever their size.
    { given: '1e308', want: 1e308 },
    { given: '12345678901234567.5', want: 12345678901234567.5 },
  ];
  for (const c of cases) t.strictSame(parseGoJson(`{"n":${c.given}}`), { n: c.want }, c.given);
  t.equal(numberLiteral(1e308), '1e308');
  t.equal(numberLiteral(9223372036854775808n), '9223372036854775808');
});

t.test('__proto__ is an own key, never the prototype', async (t) => {
  const v = parseGoJson('{"__proto__":{"polluted":1}, "n": 12345678901234567}') as Record<string, unknown>;
  t.equal(Object.getPrototypeOf(v), Object.prototype);
  t.strictSame(Object.keys(v), ['__proto__', 'n']);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});
