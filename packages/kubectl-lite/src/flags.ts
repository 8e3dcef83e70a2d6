/**
 * A pflag-like command-line parser: kubectl's flag syntax for the global flags and each verb's.
 *
 * Contract: `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`; bool flags take no
 * separate value (`--watch`, `--watch=false`, `-A`, grouped `-wA`); `strings` flags repeat and
 * split on commas (pflag's StringSlice), `array` flags repeat without splitting (StringArray);
 * `--` ends the flags. An unknown flag is a `UsageError` worded as pflag words it. Flags may come
 * before or after the positional arguments, as cobra allows.
 * Upstream: github.com/spf13/pflag (flag.go: parseLongArg, parseShortArg)
 */
import { UsageError } from './errors.js';

export type FlagType = 'bool' | 'string' | 'int' | 'strings' | 'array';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** For a `string` flag given bare (`-o` needs a value, `--dry-run` does not): pflag's NoOptDefVal. */
  noOptValue?: string;
}

export type FlagValue = boolean | string | number | string[];

export class Flags {
  constructor(private readonly values: Map<string, FlagValue>) {}
  has(name: string): boolean {
    return this.values.has(name);
  }
  bool(name: string): boolean {
    return this.values.get(name) === true;
  }
  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  int(name: string): number | undefined {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : undefined;
  }
  strings(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}

export interface ParsedArgs {
  flags: Flags;
  args: string[];
}

function boolValue(name: string, raw: string, verb: string): boolean {
  if (/^(1|t|T|true|TRUE|True)$/.test(raw)) return true;
  if (/^(0|f|F|false|FALSE|False)$/.test(raw)) return false;
  throw new UsageError(`invalid argument "${raw}" for "--${name}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`, verb);
}

function store(values: Map<string, FlagValue>, spec: FlagSpec, raw: string, verb: string): void {
  switch (spec.type) {
    case 'bool':
      values.set(spec.name, boolValue(spec.name, raw, verb));
      return;
    case 'int': {
      if (!/^-?\d+$/.test(raw)) throw new UsageError(`invalid argument "${raw}" for "${spec.short ? `-${spec.short}, ` : ''}--${spec.name}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`, verb);
      values.set(spec.name, Number(raw));
      return;
    }
    case 'strings':
    case 'array': {
      const prev = values.get(spec.name);
      const add = spec.type === 'strings' ? (raw === '' ? [] : raw.split(',')) : [raw];
      values.set(spec.name, [...(Array.isArray(prev) ? prev : []), ...add]);
      return;
    }
    default:
      values.set(spec.name, raw);
  }
}

/** Parses `argv` against `specs`; `verb` names the command in usage errors. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], verb: string): ParsedArgs {
  const long = new Map(specs.map((s) => [s.name, s]));
  const short = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, FlagValue>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const spec = long.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`, verb);
      if (eq >= 0) store(values, spec, a.slice(eq + 1), verb);
      else if (spec.type === 'bool') values.set(name, true);
      else if (spec.noOptValue !== undefined) values.set(name, spec.noOptValue);
      else if (i + 1 < argv.length) store(values, spec, argv[++i]!, verb);
      else throw new UsageError(`flag needs an argument: --${name}`, verb, 'Error');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      i = parseShorts(a, argv, i, short, values, verb);
      continue;
    }
    args.push(a);
  }
  return { flags: new Flags(values), args };
}

function parseShorts(a: string, argv: readonly string[], i: number, short: Map<string, FlagSpec>, values: Map<string, FlagValue>, verb: string): number {
  for (let j = 1; j < a.length; j++) {
    const c = a[j]!;
    const spec = short.get(c);
    if (!spec) throw new UsageError(`unknown shorthand flag: '${c}' in ${a}`, verb);
    const rest = a.slice(j + 1);
    if (spec.type === 'bool') {
      if (rest.startsWith('=')) {
        store(values, spec, rest.slice(1), verb);
        return i;
      }
      values.set(spec.name, true);
      continue;
    }
    if (rest !== '') {
      store(values, spec, rest.startsWith('=') ? rest.slice(1) : rest, verb);
      return i;
    }
    if (spec.noOptValue !== undefined) {
      values.set(spec.name, spec.noOptValue);
      return i;
    }
    if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in -${c}`, verb, 'Error');
    store(values, spec, argv[i + 1]!, verb);
    return i + 1;
  }
  return i;
}

/** The flags every verb accepts (kubectl's global flags). */
export const globalFlags: readonly FlagSpec[] = [
  { name: 'kubeconfig', type: 'string' },
  { name: 'context', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'server', short: 's', type: 'string' },
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'token', type: 'string' },
  { name: 'certificate-authority', type: 'string' },
  { name: 'client-certificate', type: 'string' },
  { name: 'client-key', type: 'string' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
  { name: 'cache-dir', type: 'string' },
  { name: 'v', short: 'v', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
];

/** A `KEY=VALUE` argument or flag value split at its first `=` (the key may be empty); undefined without one. */
export function splitKeyValue(text: string): [key: string, value: string] | undefined {
  const eq = text.indexOf('=');
  return eq < 0 ? undefined : [text.slice(0, eq), text.slice(eq + 1)];
}

/** Flag specs several verbs share, each spelled once (kubectl's own shared flag helpers). */
export const commonFlags = {
  output: { name: 'output', short: 'o', type: 'string' },
  dryRun: { name: 'dry-run', type: 'string', noOptValue: 'unchanged' },
  fieldManager: { name: 'field-manager', type: 'string' },
  selector: { name: 'selector', short: 'l', type: 'string' },
  allNamespaces: { name: 'all-namespaces', short: 'A', type: 'bool' },
  filename: { name: 'filename', short: 'f', type: 'array' },
  recursive: { name: 'recursive', short: 'R', type: 'bool' },
} as const satisfies Record<string, FlagSpec>;

/** `-o`, `--dry-run` and `--field-manager`: the flags of every verb that writes and prints what it wrote. */
export const writeOutputFlags: readonly FlagSpec[] = [commonFlags.output, commonFlags.dryRun, commonFlags.fieldManager];

/** The first positional argument of `argv` under the global flags: the verb (undefined if none). */
export function findVerb(argv: readonly string[]): { verb: string | undefined; rest: string[] } {
  const takesValue = new Set(globalFlags.filter((s) => s.type !== 'bool').flatMap((s) => [`--${s.name}`, ...(s.short ? [`-${s.short}`] : [])]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (!a.startsWith('-')) return { verb: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    if (takesValue.has(a)) i++;
  }
  return { verb: undefined, rest: [...argv] };
}
