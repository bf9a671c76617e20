/**
 * PV/PVC scenarios driven by the REAL kubectl against a full cluster (`mini-k8s up`: scheduler, controller
 * manager with the PV binder, protection controllers and hostPath provisioner, simulated kubelets).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../../test/integration/harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
}, 60_000);
afterAll(() => t?.stop());

async function until(args: string[], accept: (out: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const r = await t.kubectl(args);
    last = r.stdout + r.stderr;
    if (r.code === 0 && accept(r.stdout)) return r.stdout;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; last output:\n${last}`);
}

describe('PersistentVolumes with kubectl', () => {
  it('binds a static PV, and Retain keeps it Released after the claim is deleted', async () => {
    const manifest = t.writeFile(
      'static.yaml',
      `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-static
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  hostPath:
    path: /mnt/static
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 500Mi
`,
    );
    expect((await t.kubectl(['apply', '-f', manifest])).code).toBe(0);
    await until(
      ['get', 'pvc', 'data', '-o', 'jsonpath={.status.phase}'],
      (o) => o === 'Bound',
      'claim Bound',
    );
    const pv = await t.kubectl(['get', 'pv', 'pv-static', '--no-headers']);
    expect(pv.stdout).toMatch(/^pv-static\s+1Gi\s+RWO\s+Retain\s+Bound\s+default\/data\s/);
    const pvc = await t.kubectl(['get', 'pvc', 'data', '--no-headers']);
    expect(pvc.stdout).toMatch(/^data\s+Bound\s+pv-static\s+1Gi\s+RWO\s/);
    expect((await t.kubectl(['delete', 'pvc', 'data'])).code).toBe(0);
    await until(
      ['get', 'pv', 'pv-static', '-o', 'jsonpath={.status.phase}'],
      (o) => o === 'Released',
      'pv Released',
    );
  });

  it('provisions a standard volume for the first consumer and deletes it with the claim', async () => {
    const claim = t.writeFile(
      'claim.yaml',
      `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: www
spec:
  storageClassName: standard
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
`,
    );
    expect((await t.kubectl(['apply', '-f', claim])).code).toBe(0);
    const describe = await until(
      ['describe', 'pvc', 'www'],
      (o) => o.includes('WaitForFirstConsumer'),
      'WaitForFirstConsumer event',
    );
    expect(describe).toMatch(
      /Normal\s+WaitForFirstConsumer\s+.*persistentvolume-controller\s+waiting for first consumer to be created before binding/,
    );
    const pod = t.writeFile(
      'pod.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - name: www
      mountPath: /usr/share/nginx/html
  volumes:
  - name: www
    persistentVolumeClaim:
      claimName: www
`,
    );
    expect((await t.kubectl(['apply', '-f', pod])).code).toBe(0);
    await until(['get', 'pvc', 'www', '-o', 'jsonpath={.status.phase}'], (o) => o === 'Bound', 'claim Bound');
    const uid = (await t.kubectl(['get', 'pvc', 'www', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const volumeName = (await t.kubectl(['get', 'pvc', 'www', '-o', 'jsonpath={.spec.volumeName}'])).stdout;
    expect(volumeName).toBe(`pvc-${uid}`);
    const events = (await t.kubectl(['describe', 'pvc', 'www'])).stdout;
    expect(events).toContain(`Successfully provisioned volume pvc-${uid}`);
    await until(['get', 'pod', 'web', '-o', 'jsonpath={.spec.nodeName}'], (o) => o !== '', 'pod scheduled');
    expect((await t.kubectl(['delete', 'pod', 'web', '--grace-period=0', '--force'])).code).toBe(0);
    expect((await t.kubectl(['delete', 'pvc', 'www', '--wait=true'])).code).toBe(0);
    await until(['get', 'pv', '-o', 'name'], (o) => !o.includes(volumeName), 'provisioned PV deleted');
  });
});
