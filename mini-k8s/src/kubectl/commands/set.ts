/**
 * `kubectl set`: the parent of the `set` subcommands (image, resources, env); alone it prints cobra's help and
 * exits 1.
 */
import type { Command } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import { setEnvCommand } from './set-env';
import { setImageCommand } from './set-image';
import { setResourcesCommand } from './set-resources';

const SET_HELP = `Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  env              Update environment variables on a pod template
  image            Update the image of a pod template
  resources        Update resource requests/limits on objects with pod templates
  selector         Set the selector on a resource
  serviceaccount   Update the service account of a resource
  subject          Update the user, group, or service account in a role binding or cluster role binding

Usage:
  kubectl set SUBCOMMAND [options]

Use "kubectl set <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export const setCommand: Command = {
  name: 'set',
  short: 'Set specific features on objects',
  flags: [],
  help: SET_HELP,
  subcommands: [setImageCommand, setResourcesCommand, setEnvCommand],
  async run(ctx, flags) {
    if (flags.args.length > 0) throw new UsageError(`unknown command "${flags.args[0]}"`);
    // Unlike `rollout`, kubectl writes this help to stderr.
    ctx.err(SET_HELP);
    return 1;
  },
};
