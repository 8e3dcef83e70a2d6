import t from 'tap';
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import { createHash } from './nodeCrypto.js';
import { isIP } from './nodeNet.js';

t.test('sha256 matches node:crypto on the block boundaries and on text', async (t) => {
  // 55/56 and 63/64/65 bytes are where the padding spills into another block.
  const lengths = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000];
  for (const n of lengths) {
    const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
    t.equal(createHash('sha256').update(data).digest('hex'), crypto.createHash('sha256').update(data).digest('hex'), `${n} bytes`);
  }
  for (const text of ['default/web:httptcp', 'ns/svc:p\u00e9tcp10.244.0.5:8080', '\u{1F600}']) {
    t.same([...createHash('sha256').update(text).digest()], [...crypto.createHash('sha256').update(text).digest()], text);
  }
  t.equal(createHash('sha256').update('ab').update('c').digest('hex'), crypto.createHash('sha256').update('abc').digest('hex'), 'updates concatenate');
  t.throws(() => createHash('md5'), /not supported/);
});

t.test('isIP answers as Node does', async (t) => {
  const inputs = [
    '10.96.0.1', '0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4 ', ' 1.2.3.4',
    '::', '::1', 'fd00:10:96::1e', 'fe80::1%eth0', 'fe80::1%', '::ffff:10.0.0.1', '::ffff:10.0.0.256', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9',
    ':::', '1::2::3', 'g::1', '', 'None', 'example.com', '[::1]',
  ];
  for (const s of inputs) t.equal(isIP(s), net.isIP(s), JSON.stringify(s));
});
