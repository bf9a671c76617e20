/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname`: kubectl 1.32's ServiceOptions
 * (port pairs `--tcp=port[:targetPort]`, headless `--clusterip=None`, `--node-port`, `--external-name`).
 */
import type { KubeObject } from '../../api/object';
import { validateDns1123Subdomain, validatePortName, validatePortNumber } from '../../machinery/names';
import { requiredFlagsError } from '../cmdutil/errors';
import type { Flags, FlagSpec } from '../cmdutil/flags';
import type { CommandContext } from '../cmdutil/context';
import { type Generator, requireName } from './create-generators';

type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

/** parsePort is utilsnet.ParsePort(port, allowZero): strconv.ParseUint(port, 10, 16). */
function parsePort(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`strconv.ParseUint: parsing "${text}": invalid syntax`);
  const port = Number(text);
  if (port > 65535) throw new Error(`strconv.ParseUint: parsing "${text}": value out of range`);
  return port;
}

/** parsePorts is create_service.go's parsePorts: `port` or `port:targetPort` (number or IANA name). */
function parsePorts(spec: string): { port: number; targetPort: number | string } {
  const parts = spec.split(':');
  const port = parsePort(parts[0]);
  if (parts.length === 1) return { port, targetPort: port };
  const target = parts[1];
  if (!/^[+-]?\d+$/.test(target)) {
    const errs = validatePortName(target);
    if (errs.length > 0) throw new Error(errs.join(','));
    return { port, targetPort: target };
  }
  const errs = validatePortNumber(Number(target));
  if (errs.length > 0) throw new Error(errs.join(','));
  return { port, targetPort: Number(target) };
}

function serviceGenerator(name: string, type: ServiceType, extra: FlagSpec[]): Generator {
  return {
    name,
    flags: [{ name: 'tcp', type: 'stringSlice' }, ...extra],
    createErrorPrefix: `failed to create ${type} service: `,
    async build(ctx: CommandContext, flags: Flags, args: string[]) {
      if (type === 'ExternalName' && !flags.changed('external-name'))
        throw requiredFlagsError(['external-name']);
      const svcName = requireName(args);
      const clusterIP = flags.str('clusterip');
      const tcp = flags.list('tcp');
      const externalName = flags.str('external-name');
      if (clusterIP === 'None' && type !== 'ClusterIP') {
        throw new Error('ClusterIP=None can only be used with ClusterIP service type');
      }
      if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName') {
        throw new Error('at least one tcp port specifier must be provided');
      }
      if (type === 'ExternalName' && validateDns1123Subdomain(externalName).length > 0) {
        throw new Error(`invalid service external name ${externalName}`);
      }
      const nodePort = flags.int('node-port');
      const ports = tcp.map((spec) => {
        const { port, targetPort } = parsePorts(spec);
        const p: Record<string, unknown> = {
          name: spec.replaceAll(':', '-'),
          protocol: 'TCP',
          port,
          targetPort,
        };
        if (nodePort !== 0) p.nodePort = nodePort;
        return p;
      });
      const metadata: Record<string, unknown> = { name: svcName };
      if (ctx.explicitNamespace) metadata.namespace = ctx.namespace;
      metadata.creationTimestamp = null;
      metadata.labels = { app: svcName };
      const spec: Record<string, unknown> = {};
      if (ports.length > 0) spec.ports = ports;
      spec.selector = { app: svcName };
      if (clusterIP) spec.clusterIP = clusterIP;
      spec.type = type;
      if (externalName) spec.externalName = externalName;
      return {
        kind: 'Service',
        apiVersion: 'v1',
        metadata,
        spec,
        status: { loadBalancer: {} },
      } as unknown as KubeObject;
    },
  };
}

/** SERVICE_GENERATORS are `kubectl create service <type>`. */
export const SERVICE_GENERATORS: Generator[] = [
  serviceGenerator('clusterip', 'ClusterIP', [{ name: 'clusterip', type: 'string' }]),
  serviceGenerator('externalname', 'ExternalName', [{ name: 'external-name', type: 'string' }]),
  serviceGenerator('loadbalancer', 'LoadBalancer', []),
  serviceGenerator('nodeport', 'NodePort', [{ name: 'node-port', type: 'int', default: 0 }]),
];
