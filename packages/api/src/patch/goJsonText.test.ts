import t from 'tap';
import { GoJsonSyntaxError, goJsonKind, parseGoJson } from './goJsonText.js';

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
