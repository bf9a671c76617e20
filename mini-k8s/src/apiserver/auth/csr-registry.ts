/**
 * CertificateSigningRequest semantics (pkg/registry/certificates): on create the request is checked (a PEM
 * `CERTIFICATE REQUEST` with a valid signature, a signerName, usages) and stamped with the requester's
 * identity (spec.username, uid, groups); the `approval` subresource (what `kubectl certificate
 * approve|deny` writes) changes only the Approved/Denied conditions and needs the `approve` verb on the
 * signer (`certificates.k8s.io/signers`, by name or `<domain>/*`). The certificate itself is written to
 * status by the signer controller (controllers/certificates).
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { errors } from '../../machinery/errors';
import { parseCertificateRequest } from '../pki/csr';
import type { Registry, RequestContext } from '../registry/interface';
import type { Authorizer } from './authorizer';
import { SUPERUSER_GROUP } from './rbac/authorizer';

const GROUP = 'certificates.k8s.io';
const KIND = 'CertificateSigningRequest';

function isCsr(info: ResourceInfo): boolean {
  return info.group === GROUP && info.resource === 'certificatesigningrequests';
}

interface Condition {
  type?: string;
  status?: string;
}

/** validateRequest checks a new CSR's spec; throws 422 Invalid. */
function validateRequest(obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as { request?: unknown; signerName?: unknown; usages?: unknown };
  const name = obj.metadata?.name ?? obj.metadata?.generateName ?? '';
  const problems: { type: string; field: string; detail: string }[] = [];
  if (typeof spec.request !== 'string' || spec.request === '') {
    problems.push({ type: 'FieldValueRequired', field: 'spec.request', detail: 'Required value' });
  } else {
    try {
      parseCertificateRequest(Buffer.from(spec.request, 'base64').toString('utf8'));
    } catch (err) {
      problems.push({
        type: 'FieldValueInvalid',
        field: 'spec.request',
        detail: `Invalid value: "<request>": ${(err as Error).message}`,
      });
    }
  }
  if (typeof spec.signerName !== 'string' || spec.signerName === '')
    problems.push({ type: 'FieldValueRequired', field: 'spec.signerName', detail: 'Required value' });
  if (!Array.isArray(spec.usages) || spec.usages.length === 0)
    problems.push({ type: 'FieldValueRequired', field: 'spec.usages', detail: 'Required value' });
  if (problems.length > 0) throw errors.invalid(GROUP, KIND, name, problems);
}

/** withCertificateSigningRequests wraps a registry with the CSR create and approval semantics. */
export function withCertificateSigningRequests<R extends Registry>(registry: R, authorizer: Authorizer): R {
  return {
    ...registry,
    async create(info, namespace, body, ctx) {
      if (!isCsr(info)) return registry.create(info, namespace, body, ctx);
      validateRequest(body);
      const spec = { ...(body.spec as Record<string, unknown>) };
      spec.username = ctx.user.username;
      spec.groups = ctx.user.groups;
      if (ctx.user.uid) spec.uid = ctx.user.uid;
      else delete spec.uid;
      if (ctx.user.extra) spec.extra = ctx.user.extra;
      else delete spec.extra;
      return registry.create(info, namespace, { ...body, spec, status: {} }, ctx);
    },
    async update(info, namespace, name, body, ctx, subresource) {
      if (!isCsr(info) || subresource !== 'approval')
        return registry.update(info, namespace, name, body, ctx, subresource);
      const current = await registry.get(info, undefined, name, ctx);
      const signerName = String((current.spec as { signerName?: string } | undefined)?.signerName ?? '');
      await checkApprover(authorizer, ctx, name, signerName);
      const conditions = ((body.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).filter(
        (c) => typeof c === 'object' && c !== null,
      );
      const approved = conditions.findIndex((c) => c.type === 'Approved');
      const denied = conditions.findIndex((c) => c.type === 'Denied');
      if (approved >= 0 && denied >= 0) {
        throw errors.invalid(GROUP, KIND, name, [
          {
            type: 'FieldValueInvalid',
            field: `status.conditions[${Math.max(approved, denied)}].type`,
            detail: `Invalid value: "${approved > denied ? 'Approved' : 'Denied'}": Approved and Denied conditions are mutually exclusive`,
          },
        ]);
      }
      const next: KubeObject = {
        ...current,
        metadata: {
          ...current.metadata,
          resourceVersion: body.metadata?.resourceVersion ?? current.metadata.resourceVersion,
        },
        status: { ...((current.status as Record<string, unknown> | undefined) ?? {}), conditions },
      };
      return registry.update(info, undefined, name, next, ctx, 'status');
    },
    async getSubresource(info, namespace, name, subresource, ctx) {
      if (isCsr(info) && subresource === 'approval') return registry.get(info, undefined, name, ctx);
      return registry.getSubresource(info, namespace, name, subresource, ctx);
    },
  };
}

/** checkApprover requires `approve` on the signer (exact name or `<domain>/*`), as the CSR approval admission. */
async function checkApprover(authorizer: Authorizer, ctx: RequestContext, name: string, signerName: string) {
  if (ctx.user.groups.includes(SUPERUSER_GROUP)) return;
  const domain = signerName.includes('/') ? `${signerName.split('/')[0]}/*` : signerName;
  for (const candidate of [signerName, domain]) {
    const decision = await authorizer.authorize({
      user: ctx.user,
      verb: 'approve',
      resourceRequest: true,
      group: GROUP,
      resource: 'signers',
      name: candidate,
    });
    if (decision.allowed) return;
  }
  throw errors.forbidden(
    `certificatesigningrequests.${GROUP} ${JSON.stringify(name)} is forbidden: user not permitted to approve requests with signerName ${JSON.stringify(signerName)}`,
  );
}
