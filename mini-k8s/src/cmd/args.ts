/**
 * Command-line parsing for `mini-k8s`: `mini-k8s up [--port 6443] [--nodes 3] [--runtime simulated|docker]
 * [--data DIR] [--kubeconfig FILE] [--event-ttl 1h]`. Errors are thrown as UsageError with a message for stderr.
 */

import { durationToMillis } from '../machinery/duration';

/** UpOptions are the validated options of `mini-k8s up`. */
export interface UpOptions {
  port: number;
  /** Address to listen on; 127.0.0.1 by default so a course machine never exposes the cluster. */
  host: string;
  nodes: number;
  runtime: 'simulated' | 'docker';
  /** speed scales simulated delays and back-offs: 0 instant (tests), 1 realistic. */
  speed?: number;
  dataDir?: string;
  kubeconfig?: string;
  /** `--event-ttl`: how long Events live after their last write, in seconds (default 3600). */
  eventTtlSeconds?: number;
}

/** UsageError is a command-line mistake; its message is printed with the usage text. */
export class UsageError extends Error {}

export const USAGE = `Usage: mini-k8s up [options]

Start a mini-k8s cluster: an HTTPS API server that the real kubectl talks to.

Options:
  --port N                 HTTPS port (default 6443; 0 picks a free port)
  --host ADDR              listen address (default 127.0.0.1)
  --nodes N                number of nodes, control plane included (default 3, 1-10)
  --runtime R              simulated | docker (default simulated)
  --speed X                scale of simulated delays: 0 instant, 1 realistic (default 1, up to 10)
  --data DIR               keep the cluster in DIR (SQLite, CA, token) across restarts
  --kubeconfig FILE        where to write the kubeconfig (default DIR/kubeconfig or a temp file)
  --event-ttl DURATION     how long Events live after their last write (default 1h0m0s)
  -h, --help               show this help
`;

/** parseUpArgs parses the arguments after `up`. */
export function parseUpArgs(argv: string[]): UpOptions {
  const options: UpOptions = { port: 6443, host: '127.0.0.1', nodes: 3, runtime: 'simulated', speed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`flag needs an argument: ${flag}`);
      return next;
    };
    switch (flag) {
      case '--port':
        options.port = integerFlag(flag, value(), 0, 65535);
        break;
      case '--host':
        options.host = value();
        break;
      case '--nodes':
        options.nodes = integerFlag(flag, value(), 1, 10);
        break;
      case '--runtime': {
        const runtime = value();
        if (runtime !== 'simulated' && runtime !== 'docker')
          throw new UsageError(`invalid --runtime ${JSON.stringify(runtime)}: must be simulated or docker`);
        options.runtime = runtime;
        break;
      }
      case '--speed': {
        const text = value();
        const speed = Number(text);
        if (!/^\d+(\.\d+)?$/.test(text) || speed > 10)
          throw new UsageError(`invalid --speed ${JSON.stringify(text)}: must be a number between 0 and 10`);
        options.speed = speed;
        break;
      }
      case '--data':
        options.dataDir = value();
        break;
      case '--kubeconfig':
        options.kubeconfig = value();
        break;
      case '--event-ttl': {
        const text = value();
        let millis: number;
        try {
          millis = durationToMillis(text);
        } catch (err) {
          throw new UsageError(`invalid --event-ttl ${JSON.stringify(text)}: ${(err as Error).message}`);
        }
        if (millis < 1)
          throw new UsageError(`invalid --event-ttl ${JSON.stringify(text)}: must be at least 1ms`);
        options.eventTtlSeconds = millis / 1000;
        break;
      }
      default:
        throw new UsageError(`unknown flag: ${arg}`);
    }
  }
  return options;
}

function integerFlag(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`invalid ${flag} ${JSON.stringify(text)}: not an integer`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`invalid ${flag} ${n}: must be between ${min} and ${max}`);
  return n;
}
