// The floor for bench/createsRatio.mjs, run as its own process: a bare Fastify server whose
// POST /api/v1/namespaces/:ns/configmaps parses the JSON body (fastify's own parser), does one
// better-sqlite3 INSERT of it (a file database in WAL mode, synchronous=NORMAL, as miniplane's
// store) and answers 201 with the body. No validation, defaulting, revision log, watch or field
// management: what any HTTP + SQLite service pays at least. Prints `listening URL` on stdout.
// Usage: node bench/fastifyFloor.mjs DATA_DIR
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// fastify is the apiserver's dependency; resolved from there (the workspace root does not list it).
const require = createRequire(join(fileURLToPath(import.meta.url), '..', '..', 'packages', 'apiserver', 'package.json'));
const Fastify = require('fastify');
const Database = require('better-sqlite3');

const db = new Database(join(process.argv[2], 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE t (rev INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO t (key, value) VALUES (?, ?)');

const app = Fastify();
app.post('/api/v1/namespaces/:ns/configmaps', async (req, reply) => {
  const body = req.body;
  insert.run(`/configmaps/${req.params.ns}/${body.metadata.name}`, JSON.stringify(body));
  return reply.code(201).send(body);
});
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening http://127.0.0.1:${app.server.address().port}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
