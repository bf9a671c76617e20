/**
 * `kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...`: resolves the pod (a pod, or the first pod of
 * a service, deployment, replica set…), translates service ports and named ports to container ports, checks
 * the pod is running and prints kubectl 1.32's `Forwarding from 127.0.0.1:8080 -> 80` lines. There is no
 * local port to listen on where this kubectl runs (the built-in shell): a French line then gives the URL of
 * the platform that reaches each port (`config.streams.portForwardUrl`). It runs until Ctrl-C, as kubectl.
 */
import type { KubeObject } from '../../api/object';
import type { Command } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import { podFor } from './exec';
import { EXTRA_HELP } from './help-texts-extra';

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

interface ForwardPod extends KubeObject {
  spec?: { containers?: { name: string; ports?: ContainerPort[] }[] };
  status?: { phase?: string };
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

interface Service extends KubeObject {
  spec?: { clusterIP?: string; ports?: ServicePort[] };
}

/** splitPort is `[local:]remote` (a single number is both). */
function splitPort(port: string): [string, string] {
  const parts = port.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

function isNumber(text: string): boolean {
  return /^[+-]?\d+$/.test(text);
}

function containerPortByName(pod: ForwardPod, name: string): number {
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  }
  throw new Error(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** translateServicePorts is translateServicePortToTargetPort: service ports become the pod's ports. */
function translateServicePorts(ports: string[], svc: Service, pod: ForwardPod): string[] {
  return ports.map((spec) => {
    let [local, remote] = splitPort(spec);
    let portnum: number;
    if (isNumber(remote)) portnum = Number(remote);
    else {
      const named = svc.spec?.ports?.find((p) => p.name === remote);
      if (!named) throw new Error(`Service '${svc.metadata.name}' does not have a named port '${remote}'`);
      portnum = named.port;
      if (local === remote) local = String(portnum);
    }
    const svcPort = svc.spec?.ports?.find((p) => p.port === portnum);
    if (!svcPort) throw new Error(`Service ${svc.metadata.name} does not have a service port ${portnum}`);
    let container: number;
    if (svc.spec?.clusterIP === 'None') container = portnum;
    else if (typeof svcPort.targetPort === 'string') container = containerPortByName(pod, svcPort.targetPort);
    else container = svcPort.targetPort || svcPort.port;
    remote = String(container);
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** convertNamedPorts is convertPodNamedPortToNumber. */
function convertNamedPorts(ports: string[], pod: ForwardPod): string[] {
  return ports.map((spec) => {
    const [local, remote] = splitPort(spec);
    const container = isNumber(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${container}` : container;
  });
}

/** checkUdpPorts refuses ports that only exist as UDP (checkUDPPortInPod / checkUDPPortInService). */
function checkUdpPorts(ports: string[], declared: { port: number; protocol?: string }[]): void {
  const tcp = new Set(declared.filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.port));
  const udpOnly = new Set(
    declared.filter((p) => p.protocol === 'UDP' && !tcp.has(p.port)).map((p) => p.port),
  );
  for (const spec of ports) {
    const [, remote] = splitPort(spec);
    if (isNumber(remote) && udpOnly.has(Number(remote))) {
      throw new Error(`UDP protocol is not supported for ${remote}`);
    }
  }
}

/** parseUint16 is strconv.ParseUint(s, 10, 16)'s errors as client-go's parsePorts reports them. */
function parseUint16(text: string): number | string {
  if (!/^\d+$/.test(text)) return `strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`;
  const n = Number(text);
  if (n > 65535) return `strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`;
  return n;
}

/** Forward is one parsed port pair (local 0 means a random port). */
interface Forward {
  local: number;
  remote: number;
}

function parsePorts(ports: string[]): Forward[] {
  return ports.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new Error(`invalid port format '${spec}'`);
    const localText = parts.length === 2 ? parts[0] || '0' : parts[0];
    const remoteText = parts.length === 2 ? parts[1] : parts[0];
    const local = parseUint16(localText);
    if (typeof local === 'string') throw new Error(`error parsing local port '${localText}': ${local}`);
    const remote = parseUint16(remoteText);
    if (typeof remote === 'string') throw new Error(`error parsing remote port '${remoteText}': ${remote}`);
    if (remote === 0) throw new Error('remote port must be > 0');
    return { local, remote };
  });
}

/** listenAddresses is client-go's parseAddresses: localhost is 127.0.0.1 and ::1; sorted. */
function listenAddresses(addresses: string[]): string[] {
  const out = new Set<string>();
  for (const address of addresses) {
    if (address === 'localhost') {
      out.add('127.0.0.1');
      out.add('::1');
    } else if (isIPv4(address) || isIPv6(address)) out.add(address);
    else throw new Error(`${address} is not a valid IP`);
  }
  return [...out].sort();
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s) && (s.match(/::/g) ?? []).length <= 1;
}

/** randomLocalPort picks an ephemeral port as the kernel would for `:REMOTE`. */
function randomLocalPort(): number {
  return 32768 + Math.floor(Math.random() * (60999 - 32768));
}

export const portForwardCommand: Command = {
  name: 'port-forward',
  short: 'Forward one or more local ports to a pod',
  help: EXTRA_HELP['kubectl port-forward'],
  flags: [
    { name: 'address', type: 'stringSlice', default: ['localhost'] },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
  ],
  async run(ctx, flags) {
    const args = flags.args;
    if (args.length < 2) throw new UsageError('TYPE/NAME and list of ports are required for port-forward');
    const resource = await ctx.mapper.resourceFor(args[0].includes('/') ? args[0].split('/')[0] : 'pods');
    const pod = (await podFor(ctx, args[0])) as unknown as ForwardPod;
    let ports: string[];
    if (resource.group === '' && resource.kind === 'Service') {
      const svc: Service = await ctx.client.get(
        { group: '', version: 'v1', resource: 'services', namespaced: true },
        ctx.namespace,
        args[0].slice(args[0].indexOf('/') + 1),
      );
      checkUdpPorts(
        args.slice(1),
        (svc.spec?.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol })),
      );
      ports = translateServicePorts(args.slice(1), svc, pod);
    } else {
      checkUdpPorts(
        args.slice(1),
        (pod.spec?.containers ?? []).flatMap((c) =>
          (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol })),
        ),
      );
      ports = convertNamedPorts(args.slice(1), pod);
    }
    const current: ForwardPod = await ctx.client.get(
      { group: '', version: 'v1', resource: 'pods', namespaced: true },
      pod.metadata.namespace ?? ctx.namespace,
      pod.metadata.name!,
    );
    if (current.status?.phase !== 'Running') {
      throw new Error(
        `unable to forward port because pod is not running. Current status=${current.status?.phase ?? ''}`,
      );
    }
    const forwards = parsePorts(ports);
    const addresses = listenAddresses(flags.list('address'));
    const streams = ctx.config.streams;
    if (!streams?.portForwardUrl) {
      throw new Error(
        'port-forward is not available: this kubectl has no streaming connection to the cluster',
      );
    }
    const namespace = current.metadata.namespace ?? ctx.namespace;
    const name = current.metadata.name!;
    for (const forward of forwards) {
      const local = forward.local === 0 ? randomLocalPort() : forward.local;
      for (const address of addresses) {
        const host = address.includes(':') ? `[${address}]` : address;
        ctx.out(`Forwarding from ${host}:${local} -> ${forward.remote}\n`);
      }
    }
    for (const forward of forwards) {
      const url = streams.portForwardUrl(namespace, name, forward.remote);
      ctx.out(
        `Ce terminal n'a pas de port local : le port ${forward.remote} du Pod « ${name} » est joignable à l'adresse ${url}\n`,
      );
    }
    // Like kubectl, forwarding lasts until Ctrl-C, which ends the command successfully.
    const signal = ctx.io.signal;
    if (signal && !signal.aborted) {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    }
    return 0;
  },
};
