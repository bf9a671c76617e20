/**
 * `kubectl certificate approve|deny (-f FILENAME | NAME...)`: adds the Approved (or Denied) condition to
 * CertificateSigningRequests through their `approval` subresource, as kubectl 1.32 does: an already approved
 * request is left alone (unless --force), a denied one cannot be approved (and the reverse), conflicts are
 * retried, each request is printed as fetched (`certificatesigningrequest.certificates.k8s.io/x approved`).
 */
import type { KubeObject } from '../../api/object';
import { isConflict, isNotFound } from '../../machinery/errors';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError, errorLine } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { parseOutput, printObject } from '../printers/output';
import { readManifests } from '../resource-builder/manifests';
import { toInfo } from '../resource-builder/objects';
import { EXTRA_HELP } from './help-texts-extra';
import { stripManagedFields } from './get';

const CSRS = {
  group: 'certificates.k8s.io',
  version: 'v1',
  resource: 'certificatesigningrequests',
  namespaced: false,
};
const PREFIX = 'certificatesigningrequest.certificates.k8s.io';
/** The printer formats, in the sorted order kubectl lists them for this command (no type setter). */
const OUTPUT_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

interface Csr extends KubeObject {
  status?: { conditions?: Condition[]; certificate?: string };
}

/** Decision is what approve or deny adds. */
interface Decision {
  operation: 'approved' | 'denied';
  condition: 'Approved' | 'Denied';
  opposite: 'Approved' | 'Denied';
  reason: string;
  message: string;
}

const APPROVE: Decision = {
  operation: 'approved',
  condition: 'Approved',
  opposite: 'Denied',
  reason: 'KubectlApprove',
  message: 'This CSR was approved by kubectl certificate approve.',
};

const DENY: Decision = {
  operation: 'denied',
  condition: 'Denied',
  opposite: 'Approved',
  reason: 'KubectlDeny',
  message: 'This CSR was denied by kubectl certificate deny.',
};

/** goTime is metav1.Now() as JSON: RFC 3339 with second precision. */
function goTime(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * decide is addConditionIfNeeded: undefined when the condition is already there, the request with the
 * condition appended otherwise; fails when the request already carries the opposite decision.
 */
function decide(csr: Csr, d: Decision): Csr | undefined {
  const conditions = csr.status?.conditions ?? [];
  let already = false;
  for (const c of conditions) {
    if (c.type === d.opposite) {
      throw new Error(`certificate signing request "${csr.metadata.name}" is already ${c.type}`);
    }
    if (c.type === d.condition) already = true;
  }
  if (already) return undefined;
  const condition: Condition = {
    type: d.condition,
    status: 'True',
    reason: d.reason,
    message: d.message,
    lastUpdateTime: goTime(),
  };
  return { ...csr, status: { ...csr.status, conditions: [...conditions, condition] } };
}

/** targets are the CSRs named on the command line, then those of -f, fetched (Latest) in that order. */
async function targets(ctx: CommandContext, flags: Flags, errors: unknown[]): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const name of flags.args) {
    try {
      out.push(await ctx.client.get(CSRS, undefined, name));
    } catch (err) {
      errors.push(err);
    }
  }
  const files = flags.list('filename');
  if (files.length > 0) {
    for (const manifest of await readManifests(ctx, files, flags.bool('recursive'))) {
      try {
        const info = await toInfo(ctx, manifest);
        const ref = {
          group: info.resource.group,
          version: info.resource.version,
          resource: info.resource.resource,
          namespaced: info.resource.namespaced,
        };
        out.push(await ctx.client.get(ref, info.namespace, info.name));
      } catch (err) {
        errors.push(err);
      }
    }
  }
  return out;
}

/** modify applies one decision to one fetched object (with kubectl's ten conflict retries). */
async function modify(ctx: CommandContext, obj: KubeObject, d: Decision, force: boolean): Promise<void> {
  const [group] = obj.apiVersion.split('/');
  if (obj.kind !== 'CertificateSigningRequest' || group !== 'certificates.k8s.io') {
    const got = obj.apiVersion.includes('/') ? `${obj.kind}.${group}` : obj.kind;
    throw new Error(`can only handle CertificateSigningRequest.certificates.k8s.io objects, got ${got}`);
  }
  const name = obj.metadata.name ?? '';
  for (let i = 0; ; i++) {
    let csr: Csr;
    try {
      csr = await ctx.client.get<Csr>(CSRS, undefined, name);
    } catch (err) {
      if (isNotFound(err)) {
        throw new Error(`could not find v1 version of ${name}: ${err instanceof Error ? err.message : ''}`, {
          cause: err,
        });
      }
      throw err;
    }
    const modified = decide(csr, d);
    const update = modified ?? (force ? csr : undefined);
    if (!update) return;
    try {
      await ctx.client.request('PUT', ctx.client.path(CSRS, undefined, name, 'approval'), { body: update });
      return;
    } catch (err) {
      if (isConflict(err) && i < 10) continue;
      throw err;
    }
  }
}

function decisionCommand(name: 'approve' | 'deny', d: Decision): Command {
  return {
    name,
    short: '',
    help: EXTRA_HELP[`kubectl certificate ${name}`],
    flags: [
      { name: 'force', type: 'bool' },
      { name: 'filename', short: 'f', type: 'stringSlice' },
      { name: 'recursive', short: 'R', type: 'bool' },
      { name: 'kustomize', short: 'k', type: 'string' },
      { name: 'output', short: 'o', type: 'string' },
      { name: 'template', type: 'string' },
      { name: 'allow-missing-template-keys', type: 'bool', default: true },
      { name: 'show-managed-fields', type: 'bool' },
    ],
    async run(ctx, flags) {
      const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
      if (flags.args.length === 0 && flags.list('filename').length === 0 && !flags.str('kustomize')) {
        throw new Error('one or more CSRs must be specified as <name> or -f <filename>');
      }
      const errors: unknown[] = [];
      const objects = await targets(ctx, flags, errors);
      let found = 0;
      for (const obj of objects) {
        try {
          await modify(ctx, obj, d, flags.bool('force'));
        } catch (err) {
          errors.push(err);
          continue;
        }
        found++;
        if (output) {
          if (!flags.bool('show-managed-fields')) stripManagedFields(obj);
          ctx.out(printObject(output, obj, () => PREFIX));
        } else ctx.out(`${PREFIX}/${obj.metadata.name ?? ''} ${d.operation}\n`);
      }
      if (found === 0 && errors.length === 0) ctx.out('No resources found\n');
      if (errors.length === 0) return 0;
      if (errors.length === 1) throw errors[0];
      throw new ExitError(1, errors.map((e) => errorLine(e)).join('\n'));
    },
  };
}

export const certificateCommand: Command = {
  name: 'certificate',
  short: 'Modify certificate resources',
  help: EXTRA_HELP['kubectl certificate'],
  flags: [],
  subcommands: [decisionCommand('approve', APPROVE), decisionCommand('deny', DENY)],
  // Without a subcommand kubectl prints the help on stdout and succeeds, whatever the arguments.
  async run(ctx) {
    ctx.out(EXTRA_HELP['kubectl certificate']);
    return 0;
  },
};
