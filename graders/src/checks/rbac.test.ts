/**
 * rbacCan / rbacCannot: the SubjectAccessReview they send (what `kubectl auth can-i --as` sends) and how
 * they read the answer, with a client that records the request and answers as an RBAC authorizer would.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import { StatusError } from '../../../mini-k8s/src/machinery/errors';
import { runCheck } from '../grader';
import { rbacCan, rbacCannot } from './cluster-resources';

const id = { id: 'rbac', title: 'rbac' };

function reviewer(answer: { allowed: boolean; reason?: string } | StatusError) {
  const sent: { resource: string; namespace: string | undefined; body: KubeObject }[] = [];
  const client = {
    create: async (ref: { resource: string }, namespace: string | undefined, body: KubeObject) => {
      sent.push({ resource: ref.resource, namespace, body });
      if (answer instanceof StatusError) throw answer;
      return { ...body, status: answer };
    },
  } as unknown as ApiClient;
  return { sent, ctx: { client, namespace: 'equipe' } };
}

describe('rbacCan / rbacCannot', () => {
  it('sends a service account review with its groups, in the learner namespace', async () => {
    const { sent, ctx } = reviewer({ allowed: true });
    const outcome = await rbacCan({ ...id, serviceAccount: 'lecteur', verb: 'list', resource: 'pods' }).run(
      ctx,
    );
    expect(outcome).toEqual({
      passed: true,
      message: 'system:serviceaccount:equipe:lecteur peut list pods dans le namespace equipe',
    });
    expect(sent).toEqual([
      {
        resource: 'subjectaccessreviews',
        namespace: undefined,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          metadata: {},
          spec: {
            user: 'system:serviceaccount:equipe:lecteur',
            groups: ['system:serviceaccounts', 'system:serviceaccounts:equipe', 'system:authenticated'],
            resourceAttributes: { namespace: 'equipe', verb: 'list', resource: 'pods', group: '' },
          },
        },
      },
    ]);
  });

  it('sends a user review with an API group and another namespace', async () => {
    const { sent, ctx } = reviewer({ allowed: false });
    await rbacCannot({
      ...id,
      user: 'alice',
      verb: 'delete',
      resource: 'deployments',
      group: 'apps',
      namespace: 'prod',
    }).run(ctx);
    expect(sent[0]!.body).toMatchObject({
      spec: {
        user: 'alice',
        groups: ['system:authenticated'],
        resourceAttributes: { namespace: 'prod', verb: 'delete', resource: 'deployments', group: 'apps' },
      },
    });
  });

  it('reads a denial, with the authorizer reason when there is one', async () => {
    const q = { ...id, user: 'alice', verb: 'get', resource: 'secrets' };
    expect(await rbacCan(q).run(reviewer({ allowed: false }).ctx)).toEqual({
      passed: false,
      message: 'Attendu : alice peut get secrets dans le namespace equipe ; trouvé : refusé',
    });
    expect(await rbacCan(q).run(reviewer({ allowed: false, reason: 'no RBAC policy matched' }).ctx)).toEqual({
      passed: false,
      message:
        'Attendu : alice peut get secrets dans le namespace equipe ; trouvé : refusé (no RBAC policy matched)',
    });
    expect(await rbacCannot(q).run(reviewer({ allowed: false }).ctx)).toEqual({
      passed: true,
      message: 'alice ne peut pas get secrets dans le namespace equipe',
    });
    expect(await rbacCannot(q).run(reviewer({ allowed: true }).ctx)).toEqual({
      passed: false,
      message: 'Attendu : alice ne peut pas get secrets dans le namespace equipe ; trouvé : autorisé',
    });
  });

  it('turns a refused review into a failed check, never a pass', async () => {
    const forbidden = new StatusError(403, 'Forbidden', 'subjectaccessreviews is forbidden');
    const result = await runCheck(
      rbacCannot({ ...id, user: 'alice', verb: 'get', resource: 'pods' }),
      reviewer(forbidden).ctx,
    );
    expect(result).toMatchObject({
      passed: false,
      message: 'Vérification impossible : subjectaccessreviews is forbidden',
    });
  });
  it('asks about a cluster-scoped resource without a namespace, as `kubectl get nodes` does', async () => {
    const { sent, ctx } = reviewer({ allowed: false });
    const outcome = await rbacCan({
      ...id,
      serviceAccount: 'supervision',
      serviceAccountNamespace: 'outils',
      verb: 'list',
      resource: 'nodes',
      namespace: 'default',
    }).run(ctx);
    expect(sent[0]!.body).toMatchObject({
      spec: {
        user: 'system:serviceaccount:outils:supervision',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:outils', 'system:authenticated'],
        resourceAttributes: { namespace: '', verb: 'list', resource: 'nodes', group: '' },
      },
    });
    expect(outcome).toEqual({
      passed: false,
      message:
        "Attendu : system:serviceaccount:outils:supervision peut list nodes (à l'échelle du cluster) ; trouvé : refusé",
    });
  });

  it('names every namespace for a namespaced resource asked cluster-wide, and sends subresources apart', async () => {
    const { sent, ctx } = reviewer({ allowed: true });
    const all = await rbacCan({ ...id, user: 'bob', verb: 'list', resource: 'pods', namespace: '' }).run(ctx);
    expect(all).toEqual({ passed: true, message: 'bob peut list pods dans tous les namespaces' });
    const logs = await rbacCan({ ...id, user: 'bob', verb: 'get', resource: 'pods/log' }).run(ctx);
    expect(logs).toEqual({ passed: true, message: 'bob peut get pods/log dans le namespace equipe' });
    expect(sent[1]!.body).toMatchObject({
      spec: {
        resourceAttributes: { namespace: 'equipe', verb: 'get', resource: 'pods', subresource: 'log' },
      },
    });
    const scale = await rbacCannot({
      ...id,
      user: 'bob',
      verb: 'update',
      resource: 'deployments/scale',
      group: 'apps',
    }).run(ctx);
    expect(scale).toEqual({
      passed: false,
      message:
        'Attendu : bob ne peut pas update deployments/scale.apps dans le namespace equipe ; trouvé : autorisé',
    });
  });
});
