import t from 'tap';
import { goBase64DecodedLength, goBase64Error } from './goBase64.js';

t.test("Go's StdEncoding: what decodes, and the offset Go names for what does not", async (t) => {
  const cases: Array<{ name: string; given: string; want: string | undefined; bytes?: number }> = [
    { name: 'empty', given: '', want: undefined, bytes: 0 },
    { name: 'padded', given: 'aGVsbG8=', want: undefined, bytes: 5 },
    { name: 'two pad characters', given: 'aGk=', want: undefined, bytes: 2 },
    { name: 'long, on the 8-byte fast path', given: 'aGVsbG8gd29ybGQh', want: undefined, bytes: 12 },
    // edge: Go skips newlines anywhere, even between the pad characters
    { name: 'newlines ignored', given: 'aGVs\nbG8=\r\n', want: undefined, bytes: 5 },
    { name: 'a character outside the alphabet', given: 'not base64!', want: 'illegal base64 data at input byte 3' },
    { name: 'unpadded tail', given: 'aGVsbG8', want: 'illegal base64 data at input byte 4' },
    // edge: a single leftover character is corrupt at its own offset
    { name: 'one character', given: 'a', want: 'illegal base64 data at input byte 0' },
    { name: 'padding too early', given: 'a===', want: 'illegal base64 data at input byte 1' },
    { name: 'one "=" where two are needed', given: 'aG=', want: 'illegal base64 data at input byte 3' },
    { name: 'pad then garbage', given: 'aGk=x', want: 'illegal base64 data at input byte 4' },
    { name: 'URL alphabet is not the standard one', given: 'ab-_', want: 'illegal base64 data at input byte 2' },
    // edge: offsets count UTF-8 bytes, as Go indexes the raw string
    { name: 'offsets in UTF-8 bytes', given: 'aé==', want: 'illegal base64 data at input byte 1' },
  ];
  for (const c of cases) {
    t.equal(goBase64Error(c.given), c.want, c.name);
    if (c.bytes !== undefined) t.equal(goBase64DecodedLength(c.given), c.bytes, `${c.name}: decoded length`);
  }
});
