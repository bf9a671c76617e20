/**
 * `kubectl rollout status`: prints the rollout status of a deployment, daemon set or stateful set (the
 * messages of kubectl's status viewers) and, unless `--watch=false`, watches the object until the rollout
 * is complete, printing each new status line.
 */
import type { KubeObject } from '../../api/object';
import type { Command } from '../cmdutil/context';
import { refOf } from '../resource-builder/objects';
import { rolloutTargets } from './rollout-targets';

/** StatusResult is one evaluation: the line to print and whether the rollout is done. */
export interface StatusResult {
  message: string;
  done: boolean;
}

type Workload = KubeObject & {
  spec?: {
    replicas?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: Record<string, unknown> & {
    observedGeneration?: number;
    conditions?: { type: string; reason?: string }[];
  };
};

/** rolloutStatus is the status viewer of the object's kind; it throws for failed or unsupported rollouts. */
export function rolloutStatus(obj: KubeObject): StatusResult {
  const w = obj as Workload;
  const name = w.metadata.name;
  const generation = w.metadata.generation ?? 0;
  const st = (w.status ?? {}) as Record<string, number | undefined> & NonNullable<Workload['status']>;
  const n = (key: string) => (st[key] as number | undefined) ?? 0;
  switch (obj.kind) {
    case 'Deployment': {
      if (generation > (st.observedGeneration ?? 0)) {
        return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
      }
      const progressing = st.conditions?.find((c) => c.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') {
        throw new Error(`deployment "${name}" exceeded its progress deadline`);
      }
      const replicas = w.spec?.replicas;
      const updated = n('updatedReplicas');
      if (replicas !== undefined && updated < replicas) {
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`,
          done: false,
        };
      }
      if (n('replicas') > updated) {
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${n('replicas') - updated} old replicas are pending termination...\n`,
          done: false,
        };
      }
      if (n('availableReplicas') < updated) {
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${n('availableReplicas')} of ${updated} updated replicas are available...\n`,
          done: false,
        };
      }
      return { message: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    case 'DaemonSet': {
      if ((w.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
        throw new Error('rollout status is only available for RollingUpdate strategy type');
      }
      if (generation > (st.observedGeneration ?? 0)) {
        return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
      }
      const desired = n('desiredNumberScheduled');
      if (n('updatedNumberScheduled') < desired) {
        return {
          message: `Waiting for daemon set "${name}" rollout to finish: ${n('updatedNumberScheduled')} out of ${desired} new pods have been updated...\n`,
          done: false,
        };
      }
      if (n('numberAvailable') < desired) {
        return {
          message: `Waiting for daemon set "${name}" rollout to finish: ${n('numberAvailable')} of ${desired} updated pods are available...\n`,
          done: false,
        };
      }
      return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    case 'StatefulSet': {
      if ((w.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
        throw new Error('rollout status is only available for RollingUpdate strategy type');
      }
      const observed = st.observedGeneration ?? 0;
      if (observed === 0 || generation > observed) {
        return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
      }
      const replicas = w.spec?.replicas;
      if (replicas !== undefined && n('readyReplicas') < replicas) {
        return { message: `Waiting for ${replicas - n('readyReplicas')} pods to be ready...\n`, done: false };
      }
      const partition = w.spec?.updateStrategy?.rollingUpdate?.partition;
      const updated = n('updatedReplicas');
      if (partition !== undefined) {
        if (replicas !== undefined && updated < replicas - partition) {
          return {
            message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`,
            done: false,
          };
        }
        return {
          message: `partitioned roll out complete: ${updated} new pods have been updated...\n`,
          done: true,
        };
      }
      const updateRevision = st.updateRevision as unknown as string | undefined;
      const currentRevision = st.currentRevision as unknown as string | undefined;
      if (updateRevision !== currentRevision) {
        return {
          message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision ?? ''}...\n`,
          done: false,
        };
      }
      return {
        message: `statefulset rolling update complete ${n('currentReplicas')} pods at revision ${currentRevision ?? ''}...\n`,
        done: true,
      };
    }
    default:
      throw new Error(`no status viewer has been implemented for ${obj.kind}`);
  }
}

export const rolloutStatusCommand: Command = {
  name: 'status',
  short: 'Show the status of the rollout',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'watch', short: 'w', type: 'bool', default: true },
    { name: 'revision', type: 'int', default: 0 },
    { name: 'timeout', type: 'string', default: '0s' },
  ],
  async run(ctx, flags) {
    const targets = await rolloutTargets(ctx, flags);
    for (const t of targets) {
      const ref = refOf(t.resource);
      let obj = t.object;
      let last = rolloutStatus(obj);
      ctx.out(last.message);
      if (last.done || !flags.bool('watch')) continue;
      // Watch the one object until its status viewer says done (or the caller aborts).
      await new Promise<void>((resolve, reject) => {
        let watch: { stop(): void } | undefined;
        const finish = (err?: unknown) => {
          watch?.stop();
          ctx.io.signal?.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve();
        };
        const onAbort = () => finish();
        ctx.io.signal?.addEventListener('abort', onAbort, { once: true });
        ctx.client
          .watch(
            ref,
            t.namespace,
            { fieldSelector: `metadata.name=${t.name}`, resourceVersion: obj.metadata.resourceVersion },
            (event) => {
              if (event.type !== 'MODIFIED' && event.type !== 'ADDED') return;
              obj = { ...(event.object as KubeObject), kind: t.resource.kind };
              try {
                last = rolloutStatus(obj);
              } catch (err) {
                finish(err);
                return;
              }
              ctx.out(last.message);
              if (last.done) finish();
            },
          )
          .then((w) => {
            watch = w;
            if (ctx.io.signal?.aborted) finish();
            void w.done.then(() => finish());
          }, finish);
      });
    }
    return 0;
  },
};
