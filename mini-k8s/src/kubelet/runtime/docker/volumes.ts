/**
 * Host-side volume directories of the Docker runtime and their bind mounts:
 * - emptyDir: `<dataDir>/pods/<uid>/empty-dir/<volume>`, shared by the pod's containers, removed with the pod;
 * - files (configMap, secret, downwardAPI, projected): `<filesDir>/pods/<uid>/files/<volume>`, written with
 *   the kubelet's atomic-writer layout (`..data` -> `..<timestamp>`, one symlink per key) so `updateFiles`
 *   swaps the content under running containers in one rename; `filesDir` is on tmpfs (/dev/shm) when the
 *   host has it, so secrets never touch a disk; mounted read-only;
 * - hostPath (and the kubelet's PersistentVolume directories): mapped under `<dataDir>/host/`, shared by every
 *   pod of the sandbox and kept when pods are deleted; never the server's real path.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Mount } from '../runtime';
import { assertSafeBind, hostPathSource } from './security';

/** BindMount is a Docker HostConfig.Mounts entry of type bind. */
export interface BindMount {
  Type: 'bind';
  Source: string;
  Target: string;
  ReadOnly: boolean;
}

/** VolumeDirs are the roots of one sandbox's host-side data. */
export interface VolumeDirs {
  dataDir: string;
  filesDir: string;
}

/** podDir is the per-pod directory under `root`. */
export function podDir(root: string, podUid: string): string {
  return path.join(root, 'pods', podUid.replace(/[^a-zA-Z0-9_.-]/g, '-'));
}

/** safeJoin joins a relative, user-provided path below `base`, refusing `..` escapes. */
export function safeJoin(base: string, relative: string): string {
  const joined = path.join(base, path.posix.normalize(`/${relative}`));
  if (joined !== base && !joined.startsWith(`${base}${path.sep}`))
    throw new Error(`invalid path "${relative}"`);
  return joined;
}

function timestampDirName(now: Date): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  // Why: the kubelet's atomic writer names versions `..2006_01_02_15_04_05.<random>`; a counter keeps it unique.
  return (
    `..${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_` +
    `${pad(now.getUTCHours())}_${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}.${process.hrtime.bigint()}`
  );
}

/**
 * writeAtomicFiles replaces the content of a files volume directory: a new `..<timestamp>` version, an atomic
 * rename of the `..data` symlink, one top-level symlink per key, then removal of the old version and of
 * keys that disappeared.
 */
export function writeAtomicFiles(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const version = timestampDirName(new Date());
  const versionDir = path.join(dir, version);
  fs.mkdirSync(versionDir, { mode: 0o755 });
  for (const [key, content] of Object.entries(files)) {
    const target = safeJoin(versionDir, key);
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.writeFileSync(target, content, { mode: 0o644 });
  }
  const dataLink = path.join(dir, '..data');
  const tmpLink = path.join(dir, '..data_tmp');
  fs.rmSync(tmpLink, { force: true });
  fs.symlinkSync(version, tmpLink);
  fs.renameSync(tmpLink, dataLink);
  const topLevel = new Set(Object.keys(files).map((key) => path.posix.normalize(`/${key}`).split('/')[1]));
  for (const entry of topLevel) {
    const link = path.join(dir, entry);
    if (!fs.existsSync(link)) fs.symlinkSync(path.posix.join('..data', entry), link);
  }
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith('..')) {
      if (entry !== '..data' && entry !== version)
        fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
      continue;
    }
    if (!topLevel.has(entry)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * prepareMounts creates the host directories a container's mounts need and returns its bind mounts.
 * `containerKey` names the container instance, for subPath copies of files volumes.
 */
export function prepareMounts(
  dirs: VolumeDirs,
  podUid: string,
  containerKey: string,
  mounts: Mount[],
): BindMount[] {
  const out: BindMount[] = [];
  for (const mount of mounts) {
    let source: string;
    const readOnly = mount.readOnly ?? false;
    if (mount.kind === 'emptyDir') {
      source = path.join(podDir(dirs.dataDir, podUid), 'empty-dir', mount.volumeName);
      fs.mkdirSync(source, { recursive: true });
      fs.chmodSync(source, 0o777);
    } else if (mount.kind === 'hostPath') {
      source = hostPathSource(dirs.dataDir, mount.hostPath);
      fs.mkdirSync(source, { recursive: true });
    } else {
      const volumeDir = filesVolumeDir(dirs, podUid, mount.volumeName);
      if (!fs.existsSync(path.join(volumeDir, '..data'))) writeAtomicFiles(volumeDir, mount.files);
      // Why: files volumes (configMap, secret, ...) are always read-only, whatever the mount says.
      if (mount.subPath) {
        // Why: like Kubernetes, a subPath file is a copy taken at start and never updated.
        const copyDir = path.join(podDir(dirs.dataDir, podUid), 'subpath', containerKey, mount.volumeName);
        fs.mkdirSync(copyDir, { recursive: true });
        const copy = safeJoin(copyDir, mount.subPath);
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.writeFileSync(copy, mount.files[mount.subPath] ?? '', { mode: 0o644 });
        out.push(bind(dirs, copy, mount.containerPath, true));
        continue;
      }
      out.push(bind(dirs, volumeDir, mount.containerPath, true));
      continue;
    }
    if (mount.subPath) {
      source = safeJoin(source, mount.subPath);
      fs.mkdirSync(source, { recursive: true });
    }
    out.push(bind(dirs, source, mount.containerPath, readOnly));
  }
  return out;
}

function bind(dirs: VolumeDirs, source: string, target: string, readOnly: boolean): BindMount {
  assertSafeBind(source, [dirs.dataDir, dirs.filesDir]);
  return { Type: 'bind', Source: source, Target: target, ReadOnly: readOnly };
}

/** filesVolumeDir is the host directory of a files volume of one pod. */
export function filesVolumeDir(dirs: VolumeDirs, podUid: string, volumeName: string): string {
  return safeJoin(path.join(podDir(dirs.filesDir, podUid), 'files'), volumeName);
}

/** removePodDirs deletes a pod's emptyDir, files and subPath directories (hostPath data is kept). */
export function removePodDirs(dirs: VolumeDirs, podUid: string): void {
  fs.rmSync(podDir(dirs.dataDir, podUid), { recursive: true, force: true });
  fs.rmSync(podDir(dirs.filesDir, podUid), { recursive: true, force: true });
}

/** defaultFilesDir puts files volumes on tmpfs when /dev/shm exists, else under the data directory. */
export function defaultFilesDir(dataDir: string, sandboxId: string): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return path.join('/dev/shm', `atelier-${sandboxId}`);
  } catch {
    return path.join(dataDir, 'files');
  }
}
