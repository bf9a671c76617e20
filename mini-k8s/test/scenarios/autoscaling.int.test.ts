/**
 * Scenario: `kubectl autoscale` scales a Deployment up under CPU load. The load comes from the image
 * catalogue's polinux/stress (`stress --cpu 1` uses one full core in the simulated runtime), measured by
 * the kubelets' metrics and read by the HPA controller through the metrics API. As upstream, the HPA
 * ignores a pod's samples until one metrics window after it became Ready, so the first sync reports
 * FailedGetResourceMetric and the scale-up comes at the next sync (15 s at speed 1; the test cluster runs at
 * speed 0, where the controller periods, windows and back-offs shrink to tens of milliseconds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { squeeze, startTestCluster } from '../integration/harness';
import type { TestCluster } from '../integration/harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(3);
});
afterAll(async () => {
  await t?.stop();
});

async function ok(args: string[]): Promise<string> {
  const r = await t.kubectl(args, { timeoutMs: 90_000 });
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const BURNER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: burner
spec:
  replicas: 1
  selector:
    matchLabels:
      app: burner
  template:
    metadata:
      labels:
        app: burner
    spec:
      containers:
      - name: stress
        image: polinux/stress
        command: ["stress", "--cpu", "1"]
        resources:
          requests:
            cpu: 500m
`;

describe('horizontal pod autoscaler', () => {
  it('kubectl top shows the simulated load', async () => {
    await ok(['apply', '-f', t.writeFile('burner.yaml', BURNER)]);
    await ok(['rollout', 'status', 'deployment/burner', '--timeout=30s']);
    const top = (await ok(['top', 'pods', '-l', 'app=burner', '--no-headers'])).trim();
    expect(top).toMatch(/^burner-\S+\s+1000m\s+\d+Mi$/);
  });

  it('scales the deployment up to --max when usage is above the target', async () => {
    expect(await ok(['autoscale', 'deployment', 'burner', '--cpu-percent=50', '--min=1', '--max=3'])).toBe(
      'horizontalpodautoscaler.autoscaling/burner autoscaled\n',
    );
    await ok(['wait', '--for=jsonpath={.status.desiredReplicas}=3', 'hpa/burner', '--timeout=60s']);
    await ok(['wait', '--for=jsonpath={.status.readyReplicas}=3', 'deployment/burner', '--timeout=30s']);
    expect(squeeze(await ok(['get', 'hpa', 'burner', '--no-headers']))).toMatch(
      /^burner {2}Deployment\/burner {2}cpu: \d+%\/50% {2}1 {2}3 {2}[13] {2}\S+$/m,
    );
    const described = squeeze(await ok(['describe', 'hpa', 'burner']));
    expect(described).toContain('Min replicas:  1\nMax replicas:  3\n');
    expect(described).toContain(
      '  ScalingLimited  True  TooManyReplicas  the desired replica count is more than the maximum replica count\n',
    );
    expect(described).toMatch(
      /\n {2}Normal {2}SuccessfulRescale {2}\S+ {2}horizontal-pod-autoscaler {2}New size: 3; reason: cpu resource utilization \(percentage of request\) above target\n/,
    );
  });
});
