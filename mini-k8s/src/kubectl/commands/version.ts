/**
 * `kubectl version`: the client's version (this kubectl mirrors kubectl v1.32.4), its Kustomize version and,
 * unless `--client`, the server's `/version`; as text, or the whole `version.Info` pair as JSON or YAML. A
 * server more than one minor version away gets kubectl's skew warning on stderr. When the server cannot be
 * read, the client lines are still printed, then the error.
 */
import { VERSION_INFO } from '../../api/version';
import { StatusError } from '../../machinery/errors';
import type { Command } from '../cmdutil/context';
import { rawResponseError } from '../cmdutil/errors';
import { toGoYaml } from '../printers/go-yaml';

/** VersionInfo is apimachinery's version.Info, fields in its JSON order. */
type VersionInfo = { [K in keyof typeof VERSION_INFO]: string };

/** CLIENT_VERSION is what the official kubectl v1.32.4 release binary reports: the release mini-k8s mirrors. */
export const CLIENT_VERSION: VersionInfo = VERSION_INFO;

/** KUSTOMIZE_VERSION is the Kustomize built into kubectl 1.32. */
export const KUSTOMIZE_VERSION = 'v5.5.0';

const VERSION_HELP = `Print the client and server version information for the current context.

Examples:
  # Print the client and server versions for the current context
  kubectl version

Options:
    --client=false:
	If true, shows client version only (no server required).

    -o, --output='':
	One of 'yaml' or 'json'.

Usage:
  kubectl version [flags] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** semanticMajorMinor parses `vMAJOR.MINOR.PATCH[-pre][+build]` as version.ParseSemantic does. */
function semanticMajorMinor(gitVersion: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(gitVersion);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** skewWarning is kubectl's warning when client and server are more than one minor version apart. */
export function skewWarning(client: string, server: string): string | undefined {
  const c = semanticMajorMinor(client);
  const s = semanticMajorMinor(server);
  if (!c) throw new Error(`could not parse "${client}" as version`);
  if (!s) throw new Error(`could not parse "${server}" as version`);
  if (c[0] === s[0] && Math.abs(c[1] - s[1]) <= 1) return undefined;
  return `WARNING: version difference between client (${c[0]}.${c[1]}) and server (${s[0]}.${s[1]}) exceeds the supported minor version skew of +/-1\n`;
}

export const versionCommand: Command = {
  name: 'version',
  short: 'Print the client and server version information',
  help: VERSION_HELP,
  flags: [
    { name: 'client', type: 'bool' },
    { name: 'output', short: 'o', type: 'string', default: '' },
  ],
  async run(ctx, flags) {
    if (flags.args.length > 0) throw new Error(`extra arguments: [${flags.args.join(' ')}]`);
    const output = flags.str('output');
    if (output !== '' && output !== 'yaml' && output !== 'json') {
      throw new Error(`--output must be 'yaml' or 'json'`);
    }
    let server: VersionInfo | undefined;
    let serverError: unknown;
    if (!flags.bool('client')) {
      try {
        server = (await ctx.client.request('GET', '/version')) as VersionInfo;
      } catch (err) {
        serverError = err instanceof StatusError ? rawResponseError(err) : err;
      }
    }
    const info: Record<string, unknown> = {
      clientVersion: CLIENT_VERSION,
      kustomizeVersion: KUSTOMIZE_VERSION,
    };
    if (server) info.serverVersion = server;
    if (output === 'json') ctx.out(`${JSON.stringify(info, null, 2)}\n`);
    else if (output === 'yaml') ctx.out(`${toGoYaml(info)}\n`);
    else {
      ctx.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
      if (server) ctx.out(`Server Version: ${server.gitVersion}\n`);
    }
    if (server) {
      const warning = skewWarning(CLIENT_VERSION.gitVersion, server.gitVersion);
      if (warning) ctx.err(warning);
    }
    if (serverError) throw serverError;
    return 0;
  },
};
