// ESLint: module boundaries only, not style. Two rules, and what it takes to parse TypeScript:
// - import-x/no-cycle: no import cycles inside a package (packages themselves form a DAG); it
//   does not follow type-only imports, so `pnpm lint` runs madge after ESLint for those;
// - no-restricted-imports: packages/api is pure logic, so it imports nothing that does I/O.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Modules that do I/O (or start servers, processes, workers): never imported by packages/api. */
const ioModules = [
  'fastify', 'better-sqlite3', 'ws', 'pino', 'yaml',
  ...['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'child_process', 'cluster', 'worker_threads', 'os', 'readline', 'process']
    .flatMap((m) => [m, `node:${m}`]),
];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/**', '.miniplane/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    // typescript-eslint's plugin is registered (no rule of it enabled) so that the
    // `eslint-disable @typescript-eslint/...` comments in the sources name a known rule.
    plugins: { 'import-x': importX, '@typescript-eslint': tseslint.plugin },
    settings: {
      // import-x parses each imported module itself, to follow the import graph.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'packages/*/tsconfig.json', noWarnOnMultipleProjects: true })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['packages/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ioModules.map((name) => ({ name, message: 'packages/api is pure logic: I/O belongs to the apiserver, client or cli.' })),
        patterns: [{ group: ['@miniplane/*'], message: 'packages/api depends on no other workspace package.' }],
      }],
    },
  },
];
