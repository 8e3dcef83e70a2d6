// The esbuild settings every bundled command shares (kubectl-lite, the miniplane CLI): one
// CommonJS script of a compiled entry file for Node 20, whose lazily imported modules are
// evaluated only when used, written afresh to `outdir` with the loader that runs it through V8's
// code cache (bundleScript, runBundle.cjs); and the plugins they use.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * An esbuild plugin resolving `yaml` to its ES module build: its "node" export is CommonJS
 * (nothing can be left out, all of it is evaluated at load); the ES build lets esbuild drop what
 * the bundle never calls. `from`: a file of the package that depends on yaml.
 */
export function yamlAsEsm(from) {
  const yamlEsm = join(dirname(createRequire(from).resolve('yaml/package.json')), 'browser', 'index.js');
  return { name: 'yaml-esm', setup: (b) => b.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlEsm })) };
}

/**
 * An esbuild plugin loading `prom-client` (as `from`, a file of a package that depends on it,
 * resolves it) through its own index.js with every export turned into a getter: each part
 * (Pushgateway and its HTTP modules, the cluster aggregator, the default metrics and
 * @opentelemetry/api that they load) is evaluated when first used, not when the bundle starts.
 */
export function promClientLazy(from) {
  const index = createRequire(from).resolve('prom-client');
  return {
    name: 'prom-client-lazy',
    setup: (b) => {
      b.onResolve({ filter: /^prom-client$/ }, () => ({ path: index, namespace: 'prom-client-lazy' }));
      b.onLoad({ filter: /.*/, namespace: 'prom-client-lazy' }, () => {
        const text = readFileSync(index, 'utf8');
        const lazy = text.replace(/^exports\.(\w+)\s*=\s*([^;]+);/gm, (_, name, expr) => `Object.defineProperty(exports, '${name}', { enumerable: true, get: () => ${expr.trim()} });`);
        if (lazy === text) throw new Error(`prom-client-lazy: no exports found in ${index}`);
        return { contents: lazy, loader: 'js', resolveDir: dirname(index) };
      });
    },
  };
}

/**
 * An esbuild plugin for bundling better-sqlite3's JavaScript (only its native addon stays a file):
 * `bindings`, which it calls to find the addon by walking up from the caller's file (the bundle's,
 * once bundled), is replaced by a require of `better-sqlite3/build/Release/<name>` resolved at run
 * time from the bundle's folder (the package bundling it must depend on better-sqlite3). Its
 * JavaScript then comes from the bundle's code cache instead of being compiled at every start.
 */
export function betterSqliteAddon() {
  return {
    name: 'better-sqlite3-addon',
    setup: (b) => {
      b.onResolve({ filter: /^bindings$/ }, (args) => (/better-sqlite3/.test(args.importer) ? { path: 'bindings', namespace: 'better-sqlite3-addon' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'better-sqlite3-addon' }, () => ({
        // `load` is the run-time require: esbuild leaves a call through a variable alone.
        contents: 'const load = require;\nmodule.exports = (name) => load(`better-sqlite3/build/Release/${name}`);\n',
        loader: 'js',
      }));
    },
  };
}

/**
 * One CommonJS script of `entry` and everything it imports, written afresh to `outdir/name`:
 * esbuild keeps each lazily imported module behind its own initializer, evaluated on the first
 * import(), so splitting is not needed to defer them. The first line is a comment naming the
 * bundle's content hash (`// bundle <hex>`), for the loader's code cache key; the file is pure
 * ASCII (asciiOnly). `import.meta.url` is the script's own file URL. The loader a bin runs it
 * with, runBundle.cjs (its V8 code cache), is copied beside it.
 */
export async function bundleScript({ entry, outdir, name, external = [], plugins = [] }) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outfile: join(outdir, name),
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    external,
    plugins,
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  const code = asciiOnly(result.outputFiles[0].text);
  const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, name), `// bundle ${id}\n${code}`, 'latin1');
  copyFileSync(fileURLToPath(new URL('./runBundle.cjs', import.meta.url)), join(outdir, 'runBundle.cjs'));
}

/**
 * The script with every non-ASCII character written as a \u escape (esbuild escapes those of
 * strings, not those of comments and regular expression literals, where the escape means the
 * same), so the loader can decode it as latin1: Node decodes 3 MB of UTF-8 that is not pure ASCII
 * in ~20 ms, of latin1 in ~1 ms.
 */
function asciiOnly(text) {
  // Without the u flag each UTF-16 unit matches alone (a surrogate pair becomes two escapes).
  return text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
