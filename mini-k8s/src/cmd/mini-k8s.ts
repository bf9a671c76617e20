/**
 * The `mini-k8s` command. `mini-k8s up` starts a cluster and runs until SIGINT or SIGTERM.
 */
import { USAGE, UsageError, parseUpArgs } from './args';
import { startCluster } from './up';

/** main runs the command line and returns the exit code (the process keeps running while a cluster is up). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'up') {
    process.stderr.write(`mini-k8s: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let options;
  try {
    options = parseUpArgs(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mini-k8s: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  const cluster = await startCluster(options);
  process.stdout.write(
    `mini-k8s ready: ${cluster.url} (${options.nodes} nodes), kubeconfig ${cluster.kubeconfigPath}\n`,
  );
  process.stdout.write(`  export KUBECONFIG=${cluster.kubeconfigPath}\n`);

  await new Promise<void>((resolveStop) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stdout.write(`mini-k8s: ${signal}, stopping\n`);
      void cluster.stop().then(resolveStop, (err: unknown) => {
        process.stderr.write(`mini-k8s: error while stopping: ${String(err)}\n`);
        resolveStop();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
