// Runs a bundle written by bundleScript (tools/bundle.mjs, which copies this file beside it) as the
// process's main code, through V8's code cache, as Node 22's module.enableCompileCache does for
// modules but on every Node version: the compiled code (the top level and every function compiled
// so far) is kept in a file `<bundle>.<bundle hash>.<key>.<node version>-<arch>.v8cache` and given
// to V8 at the next start, which then skips parsing and compiling the script and the functions
// that run compiled. The bin chooses the key (one cache per command: `up`, `get`..., each warmed
// by its own run). The file is beside the bundle or, where this user cannot write that folder (a
// package installed read-only or by another user), in their own $XDG_CACHE_HOME/miniplane/v8
// (~/.cache/miniplane/v8; made 0700; never a shared folder such as /tmp, whose files anyone could
// plant); where neither is writable it runs uncached, silently. A missing or rejected cache
// (another V8, other flags) is written afresh once the process has run for a second or at a
// successful exit, whichever comes first (to a temp file renamed into place, so concurrent starts
// never read half a file), unless the bin says not to (--help); the caches of other builds of that
// bundle for the same key and Node are then removed (a user alternating between two versions
// installed read-only loses the cache at each switch). V8 checks a cache's version and flags but
// not its bytes (a damaged one can crash it), so each file starts with the SHA-1 of the rest and
// one that does not match is not used. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch for its
// compile cache) turns it off. Node 22+'s own compile cache is on too, for the modules the bundle
// still requires (better-sqlite3's). CommonJS: an ES module entry costs Node ~4 ms more CPU to
// start.
'use strict';
const { createHash } = require('node:crypto');
const { createRequire, enableCompileCache } = require('node:module');
const { accessSync, constants, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { basename, dirname, isAbsolute, join } = require('node:path');
const { Script } = require('node:vm');

const sha1 = (data) => createHash('sha1').update(data).digest();

/** The folder for `bundle`'s caches: beside it if this user may write there, else their own cache folder. */
function cacheDir(bundle) {
  try {
    accessSync(dirname(bundle), constants.W_OK);
    return dirname(bundle);
  } catch {
    const xdg = process.env.XDG_CACHE_HOME;
    return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'miniplane', 'v8');
  }
}

/** Writes `data` (checksummed) as `dir`/`name`, then removes the other files `stale` matches; nothing where it cannot. */
function writeCache(dir, name, data, stale) {
  const file = join(dir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, Buffer.concat([sha1(data), data]));
    renameSync(tmp, file);
    for (const f of readdirSync(dir)) if (f !== name && stale(f)) rmSync(join(dir, f), { force: true });
  } catch {
    rmSync(tmp, { force: true }); // not writable here: run uncached
  }
}

/** Runs the bundle `file` with the code cache named by `key` ([a-z]+), writing it when missing or rejected if `mayWrite`. */
module.exports = function runBundle(file, key, mayWrite) {
  enableCompileCache?.();
  // Pure ASCII (bundleScript's asciiOnly): latin1 is the same text, decoded ~20x faster than UTF-8.
  const source = readFileSync(file, 'latin1');
  const id = /^\/\/ bundle ([0-9a-f]+)\n/.exec(source)?.[1];
  const useCache = id !== undefined && process.env.NODE_DISABLE_COMPILE_CACHE !== '1';
  const suffix = `.${key}.${process.version}-${process.arch}.v8cache`;
  const name = `${basename(file)}.${id}${suffix}`;
  const dir = useCache ? cacheDir(file) : '';
  let cachedData;
  if (useCache) {
    try {
      const bytes = readFileSync(join(dir, name));
      if (sha1(bytes.subarray(20)).equals(bytes.subarray(0, 20))) cachedData = bytes.subarray(20);
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
      writeCache(dir, name, script.createCachedData(), (f) => f.startsWith(`${basename(file)}.`) && f.endsWith(suffix));
    };
    setTimeout(write, 1000).unref();
    process.once('exit', (code) => code === 0 && write());
  }
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));
};
