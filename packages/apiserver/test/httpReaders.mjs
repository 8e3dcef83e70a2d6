// Test helper run as a child process: N GETs of URL (watches or lists) that read and discard
// everything, so the server's process does only server work. Prints, every 100 ms, the bytes
// received and how many responses ended, as one JSON line. Usage: node httpReaders.mjs URL N
import http from 'node:http';

const [url, n] = [process.argv[2], Number(process.argv[3])];
const agent = new http.Agent({ maxSockets: n + 10 });
let received = 0;
let ended = 0;
for (let i = 0; i < n; i++) {
  http
    .get(url, { agent }, (res) => {
      res.on('data', (d) => (received += d.length));
      res.on('end', () => ended++);
    })
    .on('error', () => {});
}
process.stdout.on('error', () => process.exit(0));
setInterval(() => console.log(JSON.stringify({ received, ended })), 100);
