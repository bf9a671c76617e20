/**
 * `kubectl expose (TYPE NAME | TYPE/NAME) [--port] [--target-port] [--name] [--type] [--protocol]`:
 * builds the Service kubectl's service generator builds from a pod, service, replication controller,
 * deployment or replica set (selector and labels copied, ports given or introspected from containers),
 * then creates it (`service/<name> exposed`) or prints it with `--dry-run=client`.
 */
import type { KubeObject } from '../../api/object';
import type { Command } from '../cmdutil/context';
import { parseOutput, printObject } from '../printers/output';
import { resolveArgs } from '../resource-builder/builder';
import { dryRunSuffix, parseDryRun, refOf } from '../resource-builder/objects';
import { stripManagedFields } from './get';
import { NO_RESOURCES } from './scale';

const OUTPUT_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';
const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };

type ContainerPorts = { containerPort: number; protocol?: string; name?: string }[];
type Exposable = KubeObject & {
  spec?: {
    selector?: Record<string, string> & {
      matchLabels?: Record<string, string>;
      matchExpressions?: unknown[];
    };
    ports?: { port: number; protocol?: string; name?: string }[];
    containers?: { ports?: ContainerPorts }[];
    template?: { spec?: { containers?: { ports?: ContainerPorts }[] } };
  };
};

export const exposeCommand: Command = {
  name: 'expose',
  short:
    'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  flags: [
    { name: 'port', type: 'string' },
    { name: 'target-port', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'protocol', type: 'string' },
    { name: 'labels', short: 'l', type: 'string' },
    { name: 'selector', type: 'string' },
    { name: 'external-ip', type: 'string' },
    { name: 'cluster-ip', type: 'string' },
    { name: 'session-affinity', type: 'string' },
    { name: 'load-balancer-ip', type: 'string' },
    { name: 'override-type', type: 'string', default: 'merge' },
    { name: 'overrides', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'field-manager', type: 'string', default: 'kubectl-expose' },
    { name: 'save-config', type: 'bool' },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  async run(ctx, flags) {
    const dryRun = parseDryRun(flags.str('dry-run'));
    const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    if (flags.args.length === 0) throw new Error(NO_RESOURCES);
    for (const v of await resolveArgs(ctx.mapper, flags.args)) {
      if (!v.name) throw new Error('resource(s) were provided, but no name was specified');
      const obj = (await ctx.client.get(refOf(v.resource), ctx.namespace, v.name)) as Exposable;
      const selector = selectorFor(v.resource.kind, obj);
      if (selector === undefined) throw new Error(`cannot expose a ${v.resource.kind}`);
      const ports = portsFor(flags.str('port'), flags.str('protocol'), obj);
      if (ports.length === 0) throw new Error("couldn't find port via --port flag or introspection");
      const svc = buildService(ctx.explicitNamespace ? ctx.namespace : undefined, {
        name: flags.str('name') || v.name,
        labels: flags.str('labels') ? pairs(flags.str('labels')) : obj.metadata.labels,
        selector: flags.str('selector') ? pairs(flags.str('selector')) : selector,
        ports,
        targetPort: flags.str('target-port'),
        type: flags.str('type'),
        clusterIP: flags.str('cluster-ip'),
        sessionAffinity: flags.str('session-affinity'),
      });
      let shown: KubeObject = svc;
      if (dryRun !== 'client') {
        shown = (await ctx.client.request('POST', ctx.client.path(SERVICES, ctx.namespace), {
          body: svc,
          query: {
            fieldManager: flags.str('field-manager'),
            fieldValidation: 'Strict',
            dryRun: dryRun === 'server' ? 'All' : undefined,
          },
        })) as KubeObject;
      }
      if (output) {
        stripManagedFields(shown);
        ctx.out(printObject(output, shown, () => 'service', dryRun === 'client'));
      } else ctx.out(`service/${shown.metadata.name} exposed${dryRunSuffix(dryRun)}\n`);
    }
    return 0;
  },
};

/** selectorFor is the pod selector of an exposable object, or undefined for kinds expose refuses. */
function selectorFor(kind: string, obj: Exposable): Record<string, string> | undefined {
  switch (kind) {
    case 'Pod':
      return obj.metadata.labels ?? {};
    case 'Service':
    case 'ReplicationController':
      return (obj.spec?.selector as Record<string, string>) ?? {};
    case 'Deployment':
    case 'ReplicaSet':
      if (obj.spec?.selector?.matchExpressions?.length) {
        throw new Error(
          `couldn't convert expressions - "${JSON.stringify(obj.spec.selector.matchExpressions)}" to map`,
        );
      }
      return obj.spec?.selector?.matchLabels ?? {};
    default:
      return undefined;
  }
}

interface Port {
  name?: string;
  protocol: string;
  port: number;
}

/** portsFor is `--port` or the ports introspected from the object's containers (or service). */
function portsFor(portFlag: string, protocolFlag: string, obj: Exposable): Port[] {
  if (portFlag) return [{ protocol: protocolFlag || 'TCP', port: Number(portFlag) }];
  const found: Port[] = [];
  if (obj.kind === 'Service') {
    for (const p of obj.spec?.ports ?? []) found.push({ protocol: p.protocol ?? 'TCP', port: p.port });
  } else {
    const containers = obj.spec?.template?.spec?.containers ?? obj.spec?.containers ?? [];
    for (const c of containers) {
      for (const p of c.ports ?? [])
        found.push({ protocol: protocolFlag || p.protocol || 'TCP', port: p.containerPort });
    }
  }
  // Several introspected ports get generated names, as the service generator does.
  if (found.length > 1) found.forEach((p, i) => (p.name = `port-${i + 1}`));
  return found;
}

function pairs(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`unexpected label spec: ${part}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** buildService assembles the Service with keys in Go struct order (so `-o json` matches kubectl). */
function buildService(
  namespace: string | undefined,
  o: {
    name: string;
    labels?: Record<string, string>;
    selector: Record<string, string>;
    ports: Port[];
    targetPort: string;
    type: string;
    clusterIP: string;
    sessionAffinity: string;
  },
): KubeObject {
  const metadata: Record<string, unknown> = { name: o.name };
  if (namespace) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  if (o.labels && Object.keys(o.labels).length > 0) metadata.labels = o.labels;
  const ports = o.ports.map((p) => {
    const out: Record<string, unknown> = {};
    if (p.name) out.name = p.name;
    out.protocol = p.protocol;
    out.port = p.port;
    const target = o.targetPort;
    out.targetPort = target === '' ? p.port : /^\d+$/.test(target) ? Number(target) : target;
    return out;
  });
  const spec: Record<string, unknown> = { ports, selector: o.selector };
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  if (o.type) spec.type = o.type;
  if (o.sessionAffinity) spec.sessionAffinity = o.sessionAffinity;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: metadata as KubeObject['metadata'],
    spec,
    status: { loadBalancer: {} },
  } as KubeObject;
}
