/**
 * Parses `miniplane` command lines. Pure: returns data, prints nothing.
 */
export interface UpArgs {
  listen: string;
  dataDir: string;
  inMemory: boolean;
}

export const usage = `Usage: miniplane up [--listen HOST:PORT] [--data-dir DIR] [--in-memory]

  --listen HOST:PORT   address to serve on (default 127.0.0.1:8080; port 0 picks a free one)
  --data-dir DIR       where the SQLite store and the kubeconfig live (default .miniplane)
  --in-memory          keep objects in memory only (the kubeconfig is still written to DIR)
`;

export function parseUpArgs(argv: string[]): UpArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true };
  const [cmd, ...rest] = argv;
  if (cmd !== 'up') return { error: cmd ? `unknown command ${JSON.stringify(cmd)}` : 'missing command' };
  const out: UpArgs = { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === '') throw new Error(`flag needs an argument: ${flag}`);
      return v;
    };
    try {
      if (flag === '--listen') out.listen = value();
      else if (flag === '--data-dir') out.dataDir = value();
      else if (flag === '--in-memory') out.inMemory = true;
      else return { error: `unknown flag: ${a}` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return out;
}
