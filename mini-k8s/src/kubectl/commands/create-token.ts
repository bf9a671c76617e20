/**
 * `kubectl create token SERVICE_ACCOUNT`: a TokenRequest on the service account's `token` subresource
 * (audiences, duration, object binding), printing the token (with a newline only on a terminal) or, with
 * -o, the TokenRequest as kubectl's typed client returns it.
 */
import type { KubeObject } from '../../api/object';
import { parseDuration } from '../../machinery/duration';
import type { Command } from '../cmdutil/context';
import { FlagError } from '../cmdutil/flags';
import { parseOutput, printObject } from '../printers/output';
import { requireName } from './create-generators';
import { CREATE_HELP } from './create-help-texts';
import { ordered, typedObject } from './create-typed';

const SERVICE_ACCOUNTS = { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true };
const BOUND_KINDS: Record<string, string> = { Node: 'v1', Pod: 'v1', Secret: 'v1' };
const OUTPUT_FORMATS =
  'json,yaml,name,go-template,go-template-file,template,templatefile,jsonpath,jsonpath-as-json,jsonpath-file';

interface TokenRequest extends KubeObject {
  spec?: Record<string, unknown>;
  status?: { token?: string; expirationTimestamp?: string };
}

export const createTokenCommand: Command = {
  name: 'token',
  short: 'Request a service account token',
  help: CREATE_HELP['kubectl create token'],
  flags: [
    { name: 'audience', type: 'stringArray' },
    { name: 'duration', type: 'string', default: '0s' },
    { name: 'bound-object-kind', type: 'string' },
    { name: 'bound-object-name', type: 'string' },
    { name: 'bound-object-uid', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'template', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  async run(ctx, flags) {
    let duration: bigint;
    try {
      duration = parseDuration(flags.str('duration'));
    } catch (err) {
      throw new FlagError(
        `invalid argument "${flags.str('duration')}" for "--duration" flag: ${(err as Error).message}`,
      );
    }
    const name = requireName(flags.args);
    const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    const kind = flags.str('bound-object-kind');
    if (duration < 0n) throw new Error('--duration must be greater than or equal to 0');
    if (duration % 1_000_000_000n !== 0n) {
      throw new Error('--duration cannot be expressed in units less than seconds');
    }
    if (flags.list('audience').some((a) => a === ''))
      throw new Error('--audience must not be an empty string');
    if (!kind) {
      if (flags.str('bound-object-name')) {
        throw new Error('--bound-object-name can only be set if --bound-object-kind is provided');
      }
      if (flags.str('bound-object-uid')) {
        throw new Error('--bound-object-uid can only be set if --bound-object-kind is provided');
      }
    } else {
      if (!(kind in BOUND_KINDS)) {
        throw new Error(
          `supported --bound-object-kind values are ${Object.keys(BOUND_KINDS).sort().join(', ')}`,
        );
      }
      if (!flags.str('bound-object-name')) {
        throw new Error('--bound-object-name is required if --bound-object-kind is provided');
      }
    }
    const spec: Record<string, unknown> = {
      audiences: flags.list('audience').length ? flags.list('audience') : null,
    };
    if (duration > 0n) spec.expirationSeconds = Number(duration / 1_000_000_000n);
    if (kind) {
      const ref: Record<string, unknown> = {
        kind,
        apiVersion: BOUND_KINDS[kind],
        name: flags.str('bound-object-name'),
      };
      if (flags.str('bound-object-uid')) ref.uid = flags.str('bound-object-uid');
      spec.boundObjectRef = ref;
    }
    let response: TokenRequest;
    try {
      response = (await ctx.client.request(
        'POST',
        ctx.client.path(SERVICE_ACCOUNTS, ctx.namespace, name, 'token'),
        {
          body: {
            kind: 'TokenRequest',
            apiVersion: 'authentication.k8s.io/v1',
            metadata: { creationTimestamp: null },
            spec,
            status: { token: '', expirationTimestamp: null },
          },
        },
      )) as TokenRequest;
    } catch (err) {
      throw new Error(`failed to create token: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    const token = response.status?.token ?? '';
    if (!token) throw new Error('failed to create token: no token in server response');
    if (output) {
      const typed = typedObject(response as unknown as Record<string, unknown>, ['spec', 'status']);
      typed.spec = ordered({ audiences: null, ...(typed.spec as object) }, [
        'audiences',
        'expirationSeconds',
        'boundObjectRef',
      ]);
      typed.status = ordered(typed.status as Record<string, unknown>, ['token', 'expirationTimestamp']);
      ctx.out(
        printObject(output, typed as unknown as KubeObject, () => 'tokenrequest.authentication.k8s.io', true),
      );
      return 0;
    }
    ctx.out(ctx.io.tty ? `${token}\n` : token);
    return 0;
  },
};
