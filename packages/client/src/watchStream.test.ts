import t from 'tap';
import { ResourceVersionTooOld } from '@miniplane/api';
import { decodeWatchStream } from './watchStream.js';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

async function collect(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const ev = (type: string, name: string): string => JSON.stringify({ type, object: { metadata: { name } } });

t.test('events split across chunks and multi-byte characters', async (t) => {
  const body = `${ev('ADDED', 'a')}\n${ev('MODIFIED', 'ü')}\n`;
  const bytes = Buffer.from(body);
  // split at every byte: exercises partial lines and a split UTF-8 sequence
  async function* perByte(): AsyncGenerator<Buffer> {
    for (const b of bytes) yield Buffer.from([b]);
  }
  const got = await collect(decodeWatchStream(perByte()));
  t.same(got, [
    { type: 'ADDED', object: { metadata: { name: 'a' } } },
    { type: 'MODIFIED', object: { metadata: { name: 'ü' } } },
  ]);
});

t.test('final line without newline and blank lines', async (t) => {
  const got = await collect(decodeWatchStream(chunks(`\n${ev('BOOKMARK', 'b')}\n\n`, ev('DELETED', 'c'))));
  t.same(got.map((e) => (e as { type: string }).type), ['BOOKMARK', 'DELETED']);
});

t.test('ERROR event is thrown as its ApiError after earlier events', async (t) => {
  const status = new ResourceVersionTooOld(3, 10).toStatus();
  const it = decodeWatchStream(chunks(`${ev('ADDED', 'a')}\n${JSON.stringify({ type: 'ERROR', object: status })}\n${ev('ADDED', 'b')}\n`));
  const seen: unknown[] = [];
  await t.rejects(async () => {
    for await (const e of it) seen.push(e);
  }, ResourceVersionTooOld);
  t.equal(seen.length, 1);
});

t.test('garbage lines are TypeErrors', async (t) => {
  await t.rejects(collect(decodeWatchStream(chunks('not json\n'))), TypeError);
  await t.rejects(collect(decodeWatchStream(chunks('{"type":"WHAT","object":{}}\n'))), TypeError);
});
