/**
 * The toolbox: one container per learner sandbox on the sandbox's network, where the in-page terminal runs
 * a real shell (busybox `sh`, `vi`, `wget`, `nc`, ...) and the real kubectl. It is built like a pod: the
 * offline busybox root file system plus the server's kubectl binary, the pause container's routes (metadata
 * address blackholed, the Service range through the gateway) and the pods' hardening (capabilities dropped
 * to the safe set, `no-new-privileges`, memory/CPU/pids caps, no Docker socket, no bind mounts, only the
 * sandbox network). PID 1 is root only to set the routes and give the home directory to the learner; every
 * shell runs as the unprivileged user `apprenant` (uid 10001), which holds no capability.
 *
 * The container is labelled `atelier.sandbox=<id>` and `atelier.role=toolbox` (no `atelier.node`: no kubelet
 * owns it), so it survives server restarts (`ensureToolbox` re-adopts it, files included) and cluster sleeps
 * (it is stopped, not removed); `removeToolbox` deletes it with the sandbox.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type Docker from 'dockerode';
import { LABELS, sandboxFilter } from './labels';
import { findNetwork, type SandboxNetwork } from './network';
import { buildOfflineImage, type OfflineImageSpec } from './offline-images';
import { pauseCommand } from './sandbox';
import { DEFAULT_LIMITS, SAFE_CAPABILITIES } from './security';

/** TOOLBOX_ROLE is the `atelier.role` of toolbox containers. */
export const TOOLBOX_ROLE = 'toolbox';

/** TOOLBOX_USER is the learner's account in the toolbox. */
export const TOOLBOX_USER = { name: 'apprenant', uid: 10001, home: '/home/apprenant' } as const;

/** TOOLBOX_KUBECONFIG is where the learner's kubeconfig lives in the toolbox. */
export const TOOLBOX_KUBECONFIG = `${TOOLBOX_USER.home}/.kube/config`;

/** TOOLBOX_HOSTNAME is the toolbox's host name, shown in the prompt. */
export const TOOLBOX_HOSTNAME = 'atelier';

/** TOOLBOX_IMAGE_REVISION changes when the image's files below change, so a new image is built. */
const TOOLBOX_IMAGE_REVISION = '2';

const PROFILE = `# /etc/profile of the Atelier toolbox (busybox ash).
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
export HOME=${TOOLBOX_USER.home}
export KUBECONFIG=${TOOLBOX_KUBECONFIG}
export EDITOR=vi
export PS1='\\u@\\h:\\w\\$ '
alias k=kubectl
alias ll='ls -l'
cd "$HOME" 2>/dev/null
[ -r /etc/motd ] && cat /etc/motd
`;

/**
 * toolboxImageSpec describes the toolbox image: busybox plus the learner's account, a profile, and the
 * kubectl binary at /usr/local/bin/kubectl. The tag carries a digest of the binary and of this file's
 * revision, so changing kubectl builds a new image and never reuses a stale one.
 */
export function toolboxImageSpec(kubectl: string): OfflineImageSpec {
  const digest = crypto
    .createHash('sha256')
    .update(TOOLBOX_IMAGE_REVISION)
    .update(fs.readFileSync(kubectl))
    .digest('hex')
    .slice(0, 12);
  const { name, uid, home } = TOOLBOX_USER;
  return {
    tag: `atelier/toolbox:${digest}`,
    files: {
      '/usr/local/bin/kubectl': { source: kubectl, mode: 0o755 },
      '/etc/passwd': {
        content: `root:x:0:0:root:/root:/bin/sh\n${name}:x:${uid}:${uid}:${name}:${home}:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n`,
      },
      '/etc/group': { content: `root:x:0:\n${name}:x:${uid}:\nnogroup:x:65534:\n` },
      '/etc/profile': { content: PROFILE },
      '/etc/motd': {
        content:
          'Boîte à outils de votre sandbox : kubectl, sh, vi, wget, nc… Vos Pods sont sur le même réseau.\n',
      },
    },
    changes: ['CMD ["sh"]', 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin'],
  };
}

const imageBuilds = new Map<string, Promise<string>>();

/**
 * ensureToolboxImage builds the toolbox image for this kubectl binary unless the daemon has it; returns its
 * tag. Concurrent callers share one build.
 */
export function ensureToolboxImage(docker: Docker, kubectl: string): Promise<string> {
  const spec = toolboxImageSpec(kubectl);
  let pending = imageBuilds.get(spec.tag);
  if (!pending) {
    pending = (async () => {
      const present = await docker
        .getImage(spec.tag)
        .inspect()
        .then(() => true)
        .catch(() => false);
      if (!present) await buildOfflineImage(docker, spec);
      return spec.tag;
    })();
    imageBuilds.set(spec.tag, pending);
    pending.catch(() => imageBuilds.delete(spec.tag));
  }
  return pending;
}

/** toolboxName is the toolbox container's name: one per learner sandbox. */
export function toolboxName(sandboxId: string): string {
  return `atelier_${sandboxId}_toolbox`;
}

/** toolboxInit is PID 1: the pause container's routes, the learner's home, then sleep forever. */
export function toolboxInit(gateway: string): string[] {
  const { uid, home } = TOOLBOX_USER;
  const [, , pause] = pauseCommand(gateway);
  return [
    'sh',
    '-c',
    `mkdir -p ${home}/.kube && chown -R ${uid}:${uid} ${home} && chmod 700 ${home}; ${pause}`,
  ];
}

/** ToolboxCreateInput is what `toolboxCreateOptions` needs. */
export interface ToolboxCreateInput {
  sandboxId: string;
  network: SandboxNetwork;
  image: string;
  /** dns is the cluster DNS server (the gateway's, or the kube-dns Service IP); empty: Docker's. */
  dns: string[];
}

/** toolboxCreateOptions builds the daemon request for a sandbox's toolbox container. */
export function toolboxCreateOptions(input: ToolboxCreateInput): Docker.ContainerCreateOptions {
  const { network } = input;
  return {
    name: toolboxName(input.sandboxId),
    Image: input.image,
    Cmd: toolboxInit(network.gateway),
    Hostname: TOOLBOX_HOSTNAME,
    WorkingDir: TOOLBOX_USER.home,
    Env: [`HOME=${TOOLBOX_USER.home}`, `KUBECONFIG=${TOOLBOX_KUBECONFIG}`],
    Labels: { [LABELS.sandbox]: input.sandboxId, [LABELS.role]: TOOLBOX_ROLE },
    HostConfig: {
      NetworkMode: network.name,
      Dns: input.dns,
      DnsSearch: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      DnsOptions: ['ndots:5'],
      Privileged: false,
      CapDrop: ['ALL'],
      // The pods' safe set, plus NET_ADMIN for PID 1's routes (as the pause container); shells run as uid
      // 10001 and so hold none of them.
      CapAdd: [...SAFE_CAPABILITIES, 'NET_ADMIN'],
      SecurityOpt: ['no-new-privileges'],
      Memory: DEFAULT_LIMITS.podMemoryBytes,
      MemorySwap: DEFAULT_LIMITS.podMemoryBytes,
      NanoCpus: DEFAULT_LIMITS.podNanoCpus,
      PidsLimit: DEFAULT_LIMITS.podPids,
      RestartPolicy: { Name: 'no' },
    },
    NetworkingConfig: { EndpointsConfig: { [network.name]: {} } },
  };
}

/** Toolbox is a running toolbox container and the network it is on. */
export interface Toolbox {
  id: string;
  network: SandboxNetwork;
}

/** findToolbox returns the sandbox's toolbox container (running or not), or undefined. */
export async function findToolbox(
  docker: Docker,
  sandboxId: string,
): Promise<Docker.ContainerInfo | undefined> {
  const list = await docker.listContainers({
    all: true,
    filters: sandboxFilter(sandboxId, [`${LABELS.role}=${TOOLBOX_ROLE}`]),
  });
  return list[0];
}

/**
 * ensureToolbox returns the sandbox's running toolbox: the existing one (re-adopted after a restart,
 * restarted after a sleep) or a new one. The sandbox's network must exist (its cluster runs). A toolbox
 * that cannot start any more (its network was removed and created again) is replaced.
 */
export async function ensureToolbox(
  docker: Docker,
  input: { sandboxId: string; image: string; dns?: string[] },
): Promise<Toolbox> {
  const network = await findNetwork(docker, input.sandboxId);
  if (!network) throw new Error(`the network of sandbox ${input.sandboxId} does not exist`);
  const existing = await findToolbox(docker, input.sandboxId);
  if (existing) {
    const onNetwork = existing.NetworkSettings?.Networks?.[network.name]?.NetworkID === network.id;
    if (existing.Image === input.image && onNetwork) {
      if (existing.State !== 'running') {
        try {
          await docker.getContainer(existing.Id).start();
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode !== 304) throw err;
        }
      }
      return { id: existing.Id, network };
    }
    // Another kubectl (new image) or a network created again: the old toolbox cannot serve; replace it.
    await removeContainer(docker, existing.Id);
  }
  const created = await docker.createContainer(
    toolboxCreateOptions({
      sandboxId: input.sandboxId,
      network,
      image: input.image,
      dns: input.dns ?? [network.gateway],
    }),
  );
  await created.start();
  return { id: created.id, network };
}

/** stopToolbox stops the sandbox's toolbox (its files stay): the cluster sleeps. */
export async function stopToolbox(docker: Docker, sandboxId: string): Promise<void> {
  const found = await findToolbox(docker, sandboxId);
  if (!found || found.State !== 'running') return;
  try {
    await docker.getContainer(found.Id).stop({ t: 1 });
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code !== 304 && code !== 404) throw err;
  }
}

/** removeToolbox deletes the sandbox's toolbox container; false when there was none. */
export async function removeToolbox(docker: Docker, sandboxId: string): Promise<boolean> {
  const found = await findToolbox(docker, sandboxId);
  if (found) await removeContainer(docker, found.Id);
  return found !== undefined;
}

async function removeContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}
