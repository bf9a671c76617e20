/**
 * The CSR signing controller (pkg/controller/certificates/signer, kube-controller-manager's `csrsigning`):
 * an approved CertificateSigningRequest for `kubernetes.io/kube-apiserver-client` gets a client certificate
 * signed by the cluster CA in `status.certificate` (CN = user, O = groups, from the request's subject),
 * valid `spec.expirationSeconds` (one year by default). A request that cannot be signed gets a `Failed`
 * condition. Denied, failed or already issued requests are left alone; other signers are not ours.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { Informer } from '../../client/informer';
import { isNotFound } from '../../machinery/errors';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';

export const CSRS = findResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')!;
export const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

function conditionsOf(csr: KubeObject): Condition[] {
  const conditions = (csr.status as { conditions?: Condition[] } | undefined)?.conditions;
  return Array.isArray(conditions) ? conditions : [];
}

/** needsSigning tells whether the controller must act on a CSR. */
export function needsSigning(csr: KubeObject): boolean {
  const spec = (csr.spec ?? {}) as { signerName?: string };
  if (spec.signerName !== KUBE_APISERVER_CLIENT) return false;
  const conditions = conditionsOf(csr);
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  if (!has('Approved') || has('Denied') || has('Failed')) return false;
  return !(csr.status as { certificate?: string } | undefined)?.certificate;
}

export function newCertificateSigningController(ctx: ControllerContext): ManagedController {
  return new CertificateSigningController(ctx);
}

export class CertificateSigningController implements ManagedController {
  private readonly csrs: Informer;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.csrs = ctx.informers.informerFor(CSRS);
    this.controller = new Controller({
      name: 'csrsigning',
      reconcile: (k) => this.sync(k),
      onError: ctx.onError,
    });
    const enqueue = (csr: KubeObject): void => {
      if (needsSigning(csr)) this.controller.enqueue(csr.metadata.name!);
    };
    this.csrs.addHandler({ onAdd: enqueue, onUpdate: (_old, csr) => enqueue(csr) });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private async sync(name: string): Promise<void> {
    const csr = this.csrs.get(name);
    const signer = this.ctx.certificateSigner;
    if (!csr || !needsSigning(csr) || !signer) return;
    const spec = csr.spec as { request: string; expirationSeconds?: number };
    const status = { ...((csr.status as Record<string, unknown> | undefined) ?? {}) };
    try {
      const pem = signer(Buffer.from(spec.request, 'base64').toString('utf8'), spec.expirationSeconds);
      status.certificate = Buffer.from(pem).toString('base64');
    } catch (err) {
      const now = this.ctx
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      status.conditions = [
        ...conditionsOf(csr),
        {
          type: 'Failed',
          status: 'True',
          reason: 'SignerValidationFailure',
          message: (err as Error).message,
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ];
    }
    await this.ctx.client.updateStatus(CSRS, undefined, { ...csr, status }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
