/**
 * `kubectl attach (POD | TYPE/NAME | TYPE NAME) -c CONTAINER [-i] [-t]`: connects to the main process of a
 * running container through `config.streams.attach`, with kubectl 1.32's messages: the default-container
 * note, `If you don't see a command prompt, try pressing enter.`, the TTY fallbacks and, after an
 * interactive session on a restarting pod, `Session ended, resume using '…' command when the pod is running`.
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError } from '../cmdutil/errors';
import { containerFor, podFor } from './exec';
import { EXTRA_HELP } from './help-texts-extra';

interface AttachPod extends KubeObject {
  spec?: {
    restartPolicy?: string;
    containers?: { name: string; tty?: boolean; stdin?: boolean }[];
    initContainers?: { name: string; tty?: boolean }[];
    ephemeralContainers?: { name: string; tty?: boolean }[];
  };
  status?: { phase?: string };
}

export const attachCommand: Command = {
  name: 'attach',
  short: 'Attach to a running container',
  help: EXTRA_HELP['kubectl attach'],
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'tty', short: 't', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
  ],
  async run(ctx, flags) {
    const args = flags.args;
    if (args.length === 0) throw new Error('at least 1 argument is required for attach');
    if (args.length > 2) {
      throw new Error(
        `expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`,
      );
    }
    const quiet = flags.bool('quiet');
    const pod = (await podFor(ctx, args.length === 2 ? `${args[0]}/${args[1]}` : args[0])) as AttachPod;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      throw new Error(`cannot attach a container in a completed pod; current phase is ${phase}`);
    }
    const wanted = flags.str('container');
    const all = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.ephemeralContainers ?? []),
    ];
    if (wanted && !all.some((c) => c.name === wanted)) {
      throw new Error(
        `cannot attach to the container: container ${wanted} not found in pod ${pod.metadata.name}`,
      );
    }
    if (all.length === 0) {
      throw new Error(
        `cannot attach to the container: pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers`,
      );
    }
    const name = containerFor(ctx, pod as never, wanted, quiet);
    const container = all.find((c) => c.name === name)!;
    const stdin = flags.bool('stdin');
    let tty = flags.bool('tty');
    if (tty && !container.tty) {
      tty = false;
      if (!quiet) ctx.err(`error: Unable to use a TTY - container ${name} did not allocate one\n`);
    } else if (!tty && container.tty) tty = true;
    // SetupTTY: a TTY needs an interactive stdin; without -i kubectl still asks for it (raw only with -i).
    let raw = false;
    if (tty) {
      if (stdin && ctx.io.tty) raw = true;
      else if (stdin) {
        if (!quiet) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
        tty = false;
      }
    }
    return attachSession(ctx, pod, name, { stdin, tty, raw, quiet });
  },
};

/** SessionPod is what attachSession reads of the pod: names, restart policy and ephemeral containers. */
interface SessionPod {
  metadata: { name?: string; namespace?: string };
  spec?: { restartPolicy?: string; ephemeralContainers?: { name: string }[] };
}

/**
 * attachSession attaches to `container` of `pod` (`kubectl attach`, `kubectl debug -i`): the prompt hint, the
 * terminal in raw mode for a TTY with stdin, the stream, the exit status, and attach's farewell for pods that
 * restart their containers.
 */
export async function attachSession(
  ctx: CommandContext,
  pod: SessionPod,
  container: string,
  options: { stdin: boolean; tty: boolean; raw: boolean; quiet: boolean },
): Promise<number> {
  const { stdin, tty, raw, quiet } = options;
  const streams = ctx.config.streams;
  if (!streams?.attach) {
    throw new Error('attach is not available: this kubectl has no streaming connection to the cluster');
  }
  const name = pod.metadata.name ?? '';
  if (!quiet) ctx.err("If you don't see a command prompt, try pressing enter.\n");
  const restore = raw ? ctx.io.rawTerminal?.() : undefined;
  const outcome = await streams
    .attach(
      { namespace: pod.metadata.namespace ?? ctx.namespace, pod: name, container, stdin, tty },
      {
        stdin: stdin ? ctx.io.stdin : undefined,
        stdout: ctx.io.stdout,
        stderr: ctx.io.stderr,
        signal: ctx.io.signal,
      },
    )
    .finally(() => restore?.());
  // Ctrl-C kills kubectl attach (no handler): exit 1 without a message, as the interrupted real one.
  if (ctx.io.signal?.aborted) return 1;
  if ('error' in outcome) throw outcome.error;
  if (outcome.exitCode !== 0) {
    throw new ExitError(outcome.exitCode, `command terminated with exit code ${outcome.exitCode}`);
  }
  // The farewell is printed for pods that restart their containers (not the node debugging pod).
  if (!quiet && stdin && raw && (pod.spec?.restartPolicy ?? 'Always') === 'Always') {
    const ephemeral = (pod.spec?.ephemeralContainers ?? []).some((c) => c.name === container);
    ctx.out(
      ephemeral
        ? `Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach ${name} -c ${container} -i -t' if it is still running\n`
        : `Session ended, resume using 'kubectl attach ${name} -c ${container} -i -t' command when the pod is running\n`,
    );
  }
  return 0;
}
