/**
 * `miniplane up`: starts the API server (and the controllers, once they exist) and prints one
 * ready line on stdout:
 *   miniplane ready at http://HOST:PORT (kubeconfig: PATH)
 * Flags: --listen HOST:PORT (default 127.0.0.1:8080; port 0 picks a free one), --data-dir DIR
 * (default .miniplane), --in-memory, --service-cluster-ip-range CIDR[,CIDR] (default 10.96.0.0/12),
 * --service-node-port-range MIN-MAX (default 30000-32767). SIGINT/SIGTERM shut down cleanly and exit 0.
 */
import { startServer } from '@miniplane/apiserver';
import { parseUpArgs, usage } from './args.js';

async function main(argv: string[]): Promise<number> {
  const parsed = parseUpArgs(argv);
  if ('help' in parsed) {
    process.stdout.write(usage);
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`error: ${parsed.error}\n\n${usage}`);
    return 2;
  }
  const server = await startServer({
    listen: parsed.listen,
    dataDir: parsed.dataDir,
    inMemory: parsed.inMemory,
    serviceClusterIPRange: parsed.serviceClusterIPRange,
    serviceNodePortRange: parsed.serviceNodePortRange,
  });
  process.stdout.write(`miniplane ready at ${server.url} (kubeconfig: ${server.kubeconfigPath})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
