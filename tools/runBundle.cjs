// Runs a bundle written by bundleScript (tools/bundle.mjs, which copies this file beside it) as the
// process's main code, through V8's code cache, as Node 22's module.enableCompileCache does for
// modules but on every Node version: the compiled code (the top level and every function compiled
// so far) is kept in a file beside the bundle, `<bundle>.<bundle hash>.<key>.<node version>-<arch>.v8cache`,
// and given to V8 at the next start, which then skips parsing and compiling the script and the
// functions that run compiled. The bin chooses the key (one cache per command: `up`, `get`...,
// each warmed by its own run). A missing or rejected cache (another V8, other flags) is written
// afresh once the process has run for a second or at a successful exit, whichever comes first (to
// a temp file renamed into place, so concurrent starts never read half a file), unless the bin
// says not to (--help). V8 checks a cache's version and flags but not its bytes (a damaged one can
// crash it), so each file starts with the SHA-1 of the rest and one that does not match is not
// used. Nothing is cached where the directory is not writable (a package installed read-only or by
// another user: it runs uncached, silently), or with NODE_DISABLE_COMPILE_CACHE=1 (Node's own
// switch for its compile cache). Node 22+'s own compile cache is on too, for the modules the
// bundle still requires (better-sqlite3's). CommonJS: an ES module entry costs Node ~4 ms more
// CPU to start.
'use strict';
const { createHash } = require('node:crypto');
const { createRequire, enableCompileCache } = require('node:module');
const { accessSync, constants, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

const sha1 = (data) => createHash('sha1').update(data).digest();

/** Runs the bundle `file` with the code cache named by `key` ([a-z]+), writing it when missing or rejected if `mayWrite`. */
module.exports = function runBundle(file, key, mayWrite) {
  enableCompileCache?.();
  // Pure ASCII (bundleScript's asciiOnly): latin1 is the same text, decoded ~20x faster than UTF-8.
  const source = readFileSync(file, 'latin1');
  const id = /^\/\/ bundle ([0-9a-f]+)\n/.exec(source)?.[1];
  const useCache = id !== undefined && process.env.NODE_DISABLE_COMPILE_CACHE !== '1';
  const cacheFile = `${file}.${id}.${key}.${process.version}-${process.arch}.v8cache`;
  let cachedData;
  if (useCache) {
    try {
      const file = readFileSync(cacheFile);
      if (sha1(file.subarray(20)).equals(file.subarray(0, 20))) cachedData = file.subarray(20);
    } catch {
      // none yet
    }
  }
  // The CommonJS wrapper, as require() compiles a module.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (useCache && mayWrite && (cachedData === undefined || script.cachedDataRejected)) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        accessSync(dirname(file), constants.W_OK); // else not worth serializing the cache
        const data = script.createCachedData();
        writeFileSync(tmp, Buffer.concat([sha1(data), data]));
        renameSync(tmp, cacheFile);
      } catch {
        rmSync(tmp, { force: true }); // not writable here: run uncached
      }
    };
    setTimeout(write, 1000).unref();
    process.once('exit', (code) => code === 0 && write());
  }
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));
};
