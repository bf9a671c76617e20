/**
 * `kubectl auth whoami` (a SelfSubjectReview, printed as an ATTRIBUTE/VALUE table or -o yaml|json) and
 * `kubectl auth can-i VERB TYPE[/SUBRESOURCE] [NAME]` (a SelfSubjectAccessReview: `yes`, or `no` with
 * the reason, exit code 1).
 */
import type { KubeObject } from '../../api/object';
import type { Command } from '../cmdutil/context';
import { ExitError, UsageError } from '../cmdutil/errors';
import { parseOutput, printObject } from '../printers/output';
import { TabWriter } from '../printers/tabwriter';
import { ResourceTypeError } from '../resource-builder/rest-mapper';

type Review = KubeObject & {
  status?: {
    userInfo?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
    allowed?: boolean;
    reason?: string;
    evaluationError?: string;
  };
};

const whoamiCommand: Command = {
  name: 'whoami',
  short: 'Experimental: Check self subject attributes',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
  ],
  async run(ctx, flags) {
    const format = flags.str('output')
      ? parseOutput(
          flags.str('output'),
          'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml',
        )
      : undefined;
    const review = (await ctx.client.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: {
        kind: 'SelfSubjectReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: null },
      },
    })) as Review;
    const user = review.status?.userInfo ?? {};
    if (format) {
      // Go struct field order, as kubectl prints the typed SelfSubjectReview.
      const userInfo: Record<string, unknown> = {};
      if (user.username) userInfo.username = user.username;
      if (user.uid) userInfo.uid = user.uid;
      if (user.groups) userInfo.groups = user.groups;
      if (user.extra) userInfo.extra = user.extra;
      const typed = {
        kind: review.kind,
        apiVersion: review.apiVersion,
        metadata: review.metadata,
        status: { userInfo },
      } as KubeObject;
      ctx.out(printObject(format, typed, () => 'selfsubjectreview.authentication.k8s.io', true));
      return 0;
    }
    const tw = new TabWriter();
    tw.write('ATTRIBUTE\tVALUE\n');
    if (user.username) tw.write(`Username\t${user.username}\n`);
    if (user.uid) tw.write(`UID\t${user.uid}\n`);
    if (user.groups && user.groups.length > 0) tw.write(`Groups\t[${user.groups.join(' ')}]\n`);
    for (const key of Object.keys(user.extra ?? {}).sort()) {
      tw.write(`Extra: ${key}\t[${user.extra![key].join(' ')}]\n`);
    }
    ctx.out(tw.flush());
    return 0;
  },
};

const canICommand: Command = {
  name: 'can-i',
  short: 'Check whether an action is allowed',
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'subresource', type: 'string' },
    { name: 'list', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
  ],
  async run(ctx, flags) {
    const args = flags.args;
    if (args.length !== 2) {
      throw new ExitError(
        1,
        `error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee '${ctx.commandPath} -h' for help and examples.`,
      );
    }
    const [verb, typed] = args;
    // `TYPE/NAME` names one object; subresources come from --subresource.
    const [type, nameArg] = typed.split('/') as [string, string | undefined];
    const subresource = flags.str('subresource');
    let resource = type;
    let group = '';
    if (type !== '*') {
      try {
        const r = await ctx.mapper.resourceFor(type);
        resource = r.resource;
        group = r.group;
      } catch (err) {
        if (!(err instanceof ResourceTypeError)) throw err;
        if (!flags.bool('quiet')) ctx.err(`Warning: the server doesn't have a resource type '${type}'\n\n`);
      }
    }
    const attributes: Record<string, string> = {
      namespace: flags.bool('all-namespaces') ? '' : ctx.namespace,
      verb,
      group,
      resource,
    };
    if (subresource) attributes.subresource = subresource;
    if (nameArg) attributes.name = nameArg;
    const review = (await ctx.client.request(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        body: {
          kind: 'SelfSubjectAccessReview',
          apiVersion: 'authorization.k8s.io/v1',
          metadata: {},
          spec: { resourceAttributes: attributes },
        },
      },
    )) as Review;
    const status = review.status ?? {};
    if (!flags.bool('quiet')) {
      if (status.allowed) ctx.out('yes\n');
      else {
        let line = 'no';
        if (status.reason) line += ` - ${status.reason}`;
        if (status.evaluationError) line += ` - ${status.evaluationError}`;
        ctx.out(`${line}\n`);
      }
    }
    return status.allowed ? 0 : 1;
  },
};

const AUTH_HELP = `Inspect authorization.

Available Commands:
  can-i         Check whether an action is allowed
  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects
  whoami        Experimental: Check self subject attributes

Usage:
  kubectl auth [flags] [options]

Use "kubectl auth <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export const authCommand: Command = {
  name: 'auth',
  short: 'Inspect authorization',
  flags: [],
  help: AUTH_HELP,
  subcommands: [canICommand, whoamiCommand],
  async run(ctx, flags) {
    if (flags.args.length > 0) throw new UsageError(`unknown command "${flags.args[0]}"`);
    // Alone, kubectl writes the help to stderr and fails.
    ctx.err(AUTH_HELP);
    return 1;
  },
};
