// Installs a tarball written by pack.mjs with npm into a new, empty project, as a user would:
// `npm install --prefer-offline` takes every dependency npm's local cache holds from there and only
// the rest from the registry (a fresh CI machine's npm cache is empty: pnpm filled its own store,
// not npm's, so `--offline` would fail there), and the better-sqlite3 this workspace built is offered
// to the install as a local prebuild (prebuild-install's `npm_config_better_sqlite3_local_prebuilds`),
// so the package's own install script runs without compiling SQLite for a minute and a half or
// downloading anything. npm, npx and those scripts run under this process's Node (its directory
// first on PATH), so the prebuild's ABI is the one that loads it. Used by the pack test and by
// `bench/startup.mjs --installed`.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

/** A prebuild-install tarball of the workspace's better-sqlite3 build in `dir`/prebuilds, named as its download would be. */
async function localPrebuild(dir) {
  const pkgDir = dirname(createRequire(join(here, '..', 'cli', 'package.json')).resolve('better-sqlite3/package.json'));
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const stage = join(dir, 'prebuild-stage');
  mkdirSync(join(stage, 'build', 'Release'), { recursive: true });
  cpSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'), join(stage, 'build', 'Release', 'better_sqlite3.node'));
  const out = join(dir, 'prebuilds');
  mkdirSync(out, { recursive: true });
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['czf', join(out, name), '-C', stage, 'build']);
  return out;
}

/**
 * Installs `tgz` (and the packages of `also`, e.g. `@kubernetes/client-node@~1.4.0`) into
 * `dir`/project, created with an ES module package.json; `dir` also holds the prebuild.
 * @param {{ tgz: string, dir: string, also?: string[] }} options
 * @returns {Promise<{ project: string, env: NodeJS.ProcessEnv }>} the project and the environment
 *   for running npx there
 */
export async function installPacked({ tgz, dir, also = [] }) {
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{"name":"uses-miniplane","version":"1.0.0","private":true,"type":"module"}\n');
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' };
  const installEnv = { ...env, npm_config_better_sqlite3_local_prebuilds: await localPrebuild(dir) };
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tgz, ...also], { cwd: project, env: installEnv });
  return { project, env };
}
