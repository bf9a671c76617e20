/**
 * `kubectl explain TYPE[.field…]`: the documentation of a resource or of one of its fields, read from the
 * server's OpenAPI v3 document of the resource's group/version and laid out as kubectl 1.32's v2 `plaintext`
 * template does (header, FIELD/ENUM, DESCRIPTION wrapped at 76 columns, FIELDS sorted by name, `--recursive`
 * tree); `--output=plaintext-openapiv2` renders the older layout from `/openapi/v2` (explain-v2.ts).
 */
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import type { ApiResource } from '../resource-builder/discovery';
import { ResourceTypeError } from '../resource-builder/rest-mapper';
import { EXTRA_HELP } from './help-texts-extra';
import { explainOpenApiV2 } from './explain-v2';
import { explainDocument, type Gvr, type OpenApiDocument } from './explain-render';

/** resolveResource follows SplitAndParseResourceRequestWithMatchingPrefix: the longest dotted prefix that names a resource. */
async function resolveResource(
  ctx: CommandContext,
  input: string,
  matchPrefix: boolean,
): Promise<{ resource: ApiResource; fields: string[] }> {
  const parts = input.split('.');
  if (matchPrefix) {
    for (let i = parts.length; i > 1; i--) {
      const candidate = parts.slice(0, i).join('.');
      try {
        const resource = await ctx.mapper.resourceFor(candidate);
        if (resource.group === parts.slice(1, i).join('.')) return { resource, fields: parts.slice(i) };
      } catch (err) {
        if (!(err instanceof ResourceTypeError)) throw err;
      }
    }
  }
  return { resource: await ctx.mapper.resourceFor(parts[0]), fields: parts.slice(1) };
}

/** parseGroupVersion is schema.ParseGroupVersion. */
function parseGroupVersion(value: string): { group: string; version: string } {
  const parts = value.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  throw new Error(`unexpected GroupVersion string: ${value}`);
}

/** fetchDocument reads `/openapi/v3` and the document of one group/version, or fails like kubectl. */
async function fetchDocument(ctx: CommandContext, gvr: Gvr): Promise<OpenApiDocument> {
  const index = (await ctx.client.request('GET', '/openapi/v3')) as {
    paths?: Record<string, { serverRelativeURL?: string }>;
  };
  const key = gvr.group ? `apis/${gvr.group}/${gvr.version}` : `api/${gvr.version}`;
  const entry = index.paths?.[key];
  if (!entry) throw new Error(`couldn't find resource for "${gvrString(gvr)}"`);
  const url = entry.serverRelativeURL ?? `/openapi/v3/${key}`;
  const [path, query = ''] = url.split('?');
  return (await ctx.client.request('GET', path, {
    query: Object.fromEntries(new URLSearchParams(query)),
  })) as OpenApiDocument;
}

function gvrString(gvr: Gvr): string {
  return `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
}

async function run(ctx: CommandContext, flags: Flags): Promise<number> {
  const output = flags.str('output');
  const apiVersion = flags.str('api-version');
  if (flags.args.length === 0) {
    throw new Error(
      'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  if (flags.args.length > 1) throw new Error('We accept only this format: explain RESOURCE');
  let resolved: { resource: ApiResource; fields: string[] };
  try {
    resolved = await resolveResource(ctx, flags.args[0], apiVersion === '');
  } catch (err) {
    if (err instanceof ResourceTypeError) {
      ctx.err(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const gvr: Gvr = {
    group: resolved.resource.group,
    version: resolved.resource.version,
    resource: resolved.resource.resource,
  };
  if (apiVersion !== '') Object.assign(gvr, parseGroupVersion(apiVersion));
  if (output === 'plaintext-openapiv2') {
    const gvk = { group: gvr.group, version: gvr.version, kind: resolved.resource.kind };
    const document = (await ctx.client.request('GET', '/openapi/v2')) as Record<string, unknown>;
    ctx.out(explainOpenApiV2(document, gvk, resolved.fields, flags.bool('recursive')));
    return 0;
  }
  const document = await fetchDocument(ctx, gvr);
  if (output !== 'plaintext') throw new Error(`unrecognized format: ${output}`);
  const result = explainDocument(document, gvr, resolved.fields, flags.bool('recursive'));
  ctx.out(result.output);
  if (result.error) throw new ExitError(1, result.error);
  return 0;
}

export const explainCommand: Command = {
  name: 'explain',
  short: 'Get documentation for a resource',
  flags: [
    { name: 'api-version', type: 'string', default: '' },
    { name: 'output', short: 'o', type: 'string', default: 'plaintext' },
    { name: 'recursive', type: 'bool' },
  ],
  help: EXTRA_HELP['kubectl explain'],
  run,
};
