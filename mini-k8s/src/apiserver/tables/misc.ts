/**
 * Remaining printers: namespaces, leases, controller revisions, certificate signing requests and
 * component statuses (printers.go `printNamespace`, `printLease`, `printControllerRevision`,
 * `printCertificateSigningRequest`, `printComponentStatus`).
 */
import { parseApiVersion } from '../../api/object';
import { humanDuration, translateTimestampSince } from './age';
import * as d from './descriptions';
import { column } from './types';
import type { Printer } from './types';

const NAME = column('Name', 'string', d.OBJECT_NAME, { format: 'name' });
const AGE = column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP);

/** namespacePrinter: Name, Status (the phase), Age. */
export const namespacePrinter: Printer = {
  columns: [NAME, column('Status', 'string', 'The status of the namespace'), AGE],
  print(obj, ctx) {
    const status = obj.status as { phase?: string } | undefined;
    return {
      cells: [
        obj.metadata.name ?? '',
        status?.phase ?? '',
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

/** leasePrinter: Name, Holder (spec.holderIdentity, '' when free), Age. */
export const leasePrinter: Printer = {
  columns: [NAME, column('Holder', 'string', d.LEASE_HOLDER_IDENTITY), AGE],
  print(obj, ctx) {
    const spec = obj.spec as { holderIdentity?: string | null } | undefined;
    return {
      cells: [
        obj.metadata.name ?? '',
        spec?.holderIdentity ?? '',
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

/**
 * controllerRevisionPrinter: Name, Controller (`kind.group/name` of the controller owner, lower-cased
 * kind, `<none>` without one), Revision, Age.
 */
export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', d.CONTROLLER_REVISION_REVISION),
    AGE,
  ],
  print(obj, ctx) {
    const owner = (obj.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
    let controller = '<none>';
    if (owner) {
      const { group } = parseApiVersion(owner.apiVersion);
      // schema.GroupKind.String() is `Kind.group`, or just `Kind` for the core group.
      const groupKind = group === '' ? owner.kind : `${owner.kind}.${group}`;
      controller = groupKind === '' ? owner.name : `${groupKind.toLowerCase()}/${owner.name}`;
    }
    return {
      cells: [
        obj.metadata.name ?? '',
        controller,
        (obj.revision as number | undefined) ?? 0,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

interface CertificateSigningRequest {
  spec?: { signerName?: string; username?: string; expirationSeconds?: number | null };
  status?: { conditions?: { type?: string }[]; certificate?: string };
}

/** csrCondition is `Denied`/`Approved`/`Pending`, then `,Failed` and `,Issued` when they apply. */
function csrCondition(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if ((csr.status?.certificate ?? '').length > 0) status += ',Issued';
  return status;
}

/** certificateSigningRequestPrinter: Name, Age, SignerName, Requestor, RequestedDuration, Condition. */
export const certificateSigningRequestPrinter: Printer = {
  columns: [
    NAME,
    AGE,
    column('SignerName', 'string', d.CSR_SIGNER_NAME),
    column('Requestor', 'string', d.CSR_REQUEST),
    column('RequestedDuration', 'string', d.CSR_EXPIRATION_SECONDS),
    column('Condition', 'string', d.CSR_CONDITIONS),
  ],
  print(obj, ctx) {
    const csr = obj as unknown as CertificateSigningRequest;
    const expiration = csr.spec?.expirationSeconds;
    return {
      cells: [
        obj.metadata.name ?? '',
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
        csr.spec?.signerName || '<none>',
        csr.spec?.username ?? '',
        expiration === undefined || expiration === null ? '<none>' : humanDuration(expiration * 1000),
        csrCondition(csr),
      ],
    };
  },
};

interface ComponentCondition {
  type?: string;
  status?: string;
  message?: string;
  error?: string;
}

/** componentStatusPrinter: Name, Status (Healthy/Unhealthy/Unknown), Message, Error. */
export const componentStatusPrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  print(obj) {
    const conditions = (obj.conditions as ComponentCondition[] | undefined) ?? [];
    const healthy = conditions.find((c) => c.type === 'Healthy');
    let status = 'Unknown';
    if (healthy) status = healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
    return { cells: [obj.metadata.name ?? '', status, healthy?.message ?? '', healthy?.error ?? ''] };
  },
};
