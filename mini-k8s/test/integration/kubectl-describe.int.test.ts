/**
 * `kubectl describe node` and `kubectl describe service` with the real kubectl: the whole text, section by
 * section, as a v1.32 cluster prints it. kubectl builds the text itself from the Node, its Lease, the Pods
 * bound to it, the Service, its EndpointSlices and the Events, so every field it reads must be served.
 * Times, ages and addresses are masked; column widths are collapsed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { squeeze, startTestCluster, waitFor } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  // The control plane is tainted: every Pod lands on node01.
  t = await startTestCluster(2);
});
afterAll(async () => {
  await t?.stop();
});

const RFC1123 = /[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000/g;

/** normalize masks dates, ages, Pod IPs, cluster IPs and generated Pod names, and collapses columns. */
function normalize(text: string, podNames: Record<string, string> = {}): string {
  let out = text.replace(RFC1123, '<date>');
  for (const [name, mask] of Object.entries(podNames)) out = out.split(name).join(mask);
  out = out
    .replace(/\b10\.244\.\d+\.\d+\b(?!\/)/g, '<pod-ip>')
    .replace(/\b10\.(9[6-9]|10\d|11[01])\.\d+\.\d+\b/g, '<cluster-ip>');
  // Ages end the Pod rows and precede the source of an Event; cpu quantities such as 500m stay.
  out = out
    .replace(/(?<=\s)(\d+[smhdy])+$/gm, '<age>')
    .replace(/(?<=\s)(\d+[smhdy])+(?=\s+kubelet\s)/g, '<age>');
  return squeeze(out);
}

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: nginx:1.27
        ports:
        - {name: http, containerPort: 8080}
        - {name: metrics, containerPort: 9090}
        resources:
          requests: {cpu: 250m, memory: 64Mi}
          limits: {cpu: 500m, memory: 128Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: api
  labels: {app: api}
  annotations:
    owner: equipe-plateforme
spec:
  type: NodePort
  selector: {app: api}
  sessionAffinity: ClientIP
  ports:
  - {name: http, port: 80, targetPort: http, nodePort: 30080}
  - {name: metrics, port: 9090, targetPort: 9090, protocol: TCP}
`;

/** runningPods waits for the two api Pods to run and returns their names, sorted. */
async function runningPods(): Promise<string[]> {
  return waitFor('two running api Pods with endpoints', async () => {
    const pods = await t.kubectl([
      'get',
      'pods',
      '-l',
      'app=api',
      '-o',
      'jsonpath={range .items[?(@.status.phase=="Running")]}{.metadata.name}{"\\n"}{end}',
    ]);
    const names = pods.stdout.split('\n').filter((l) => l !== '');
    if (names.length !== 2) return undefined;
    const slices = await t.kubectl([
      'get',
      'endpointslices',
      '-l',
      'kubernetes.io/service-name=api',
      '-o',
      'jsonpath={range .items[*].endpoints[?(@.conditions.ready==true)]}{.targetRef.name}{"\\n"}{end}',
    ]);
    return slices.stdout.split('\n').filter((l) => l !== '').length === 2 ? names.sort() : undefined;
  });
}

describe('kubectl describe', () => {
  it('describes a worker node: identity, lease, conditions, capacity, Pods, allocated resources, events', async () => {
    expect((await t.kubectl(['apply', '-f', t.writeFile('api.yaml', WORKLOAD)])).code).toBe(0);
    const [pod1, pod2] = await runningPods();
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const event = `apiVersion: v1
kind: Event
metadata:
  name: node01.starting
  namespace: default
involvedObject:
  kind: Node
  name: node01
  uid: node01
reason: Starting
message: Starting kubelet.
source:
  component: kubelet
  host: node01
type: Normal
count: 1
firstTimestamp: "${now}"
lastTimestamp: "${now}"
`;
    expect((await t.kubectl(['create', '-f', t.writeFile('event.yaml', event)])).code).toBe(0);

    const r = await t.kubectl(['describe', 'node', 'node01']);
    expect(r.stderr).toBe('');
    expect(normalize(r.stdout, { [pod1!]: 'api-pod-1', [pod2!]: 'api-pod-2' })).toBe(
      squeeze(`Name:               node01
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=node01
                    kubernetes.io/os=linux
Annotations:        node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  <date>
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  node01
  AcquireTime:     <unset>
  RenewTime:       <date>
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   <date>   <date>   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   <date>   <date>   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   <date>   <date>   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    <date>   <date>   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.30.0.3
  Hostname:    node01
Capacity:
  cpu:                2
  ephemeral-storage:  20Gi
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             4Gi
  pods:               110
Allocatable:
  cpu:                2
  ephemeral-storage:  20Gi
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             4Gi
  pods:               110
System Info:
  Machine ID:                 0000000000000000000000006d696e6a
  System UUID:                0000000000000000000000006d696e6a
  Boot ID:                    000000000000000000000000b0070001
  Kernel Version:             6.8.0-mini-k8s
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.32.4
  Kube-Proxy Version:         v1.32.4
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Non-terminated Pods:          (2 in total)
  Namespace                   Name                    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                    ------------  ----------  ---------------  -------------  ---
  default                     api-pod-1     250m (12%)    500m (25%)  64Mi (1%)        128Mi (3%)     <age>
  default                     api-pod-2     250m (12%)    500m (25%)  64Mi (1%)        128Mi (3%)     <age>
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                500m (25%)  1 (50%)
  memory             128Mi (3%)  256Mi (6%)
  ephemeral-storage  0 (0%)      0 (0%)
  hugepages-1Gi      0 (0%)      0 (0%)
  hugepages-2Mi      0 (0%)      0 (0%)
Events:
  Type    Reason    Age   From     Message
  ----    ------    ----  ----     -------
  Normal  Starting  <age>   kubelet  Starting kubelet.
`),
    );
  });

  it('describes the control plane node with its role and taint', async () => {
    const r = await t.kubectl(['describe', 'node', 'controlplane']);
    const lines = normalize(r.stdout).split('\n');
    expect(lines.slice(0, 13)).toEqual(
      squeeze(`Name:               controlplane
Roles:              control-plane
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=controlplane
                    kubernetes.io/os=linux
                    node-role.kubernetes.io/control-plane=
Annotations:        node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  <date>
Taints:             node-role.kubernetes.io/control-plane:NoSchedule
Unschedulable:      false`).split('\n'),
    );
    expect(lines).toContain('PodCIDR:  10.244.0.0/24');
  });

  it('describes a NodePort service: ports, target ports, node ports, endpoints, affinity, events', async () => {
    const r = await t.kubectl(['describe', 'service', 'api']);
    expect(r.stderr).toBe('');
    const text = normalize(r.stdout);
    expect(text).toBe(
      squeeze(`Name:                     api
Namespace:                default
Labels:                   app=api
Annotations:              owner: equipe-plateforme
Selector:                 app=api
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       <cluster-ip>
IPs:                      <cluster-ip>
Port:                     http  80/TCP
TargetPort:               http/TCP
NodePort:                 http  30080/TCP
Endpoints:                <pod-ip>:8080,<pod-ip>:8080
Port:                     metrics  9090/TCP
TargetPort:               9090/TCP
NodePort:                 metrics  <node-port>/TCP
Endpoints:                <pod-ip>:9090,<pod-ip>:9090
Session Affinity:         ClientIP
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`).replace('<node-port>', (/NodePort: +metrics +(\d+)\/TCP/.exec(text) ?? ['', 'missing'])[1]!),
    );
    const nodePort = Number(/NodePort: +metrics +(\d+)\/TCP/.exec(text)?.[1]);
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
  });

  it('describes a service without ready backends', async () => {
    expect((await t.kubectl(['create', 'service', 'clusterip', 'empty', '--tcp=80:8080'])).code).toBe(0);
    const r = await t.kubectl(['describe', 'svc', 'empty']);
    expect(normalize(r.stdout)).toBe(
      squeeze(`Name:                     empty
Namespace:                default
Labels:                   app=empty
Annotations:              <none>
Selector:                 app=empty
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       <cluster-ip>
IPs:                      <cluster-ip>
Port:                     80-8080  80/TCP
TargetPort:               8080/TCP
Endpoints:
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`),
    );
  });
});
