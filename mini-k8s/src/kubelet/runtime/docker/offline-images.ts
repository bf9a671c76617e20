/**
 * Offline course images: built from the machine's own files, with no registry, so a classroom without
 * internet can run real containers. The base is Debian's statically linked busybox (package busybox-static).
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { courseImageSpecs, DEFAULT_IMAGE_ALIASES } from './course-images';

const run = promisify(execFile);

/** BUSYBOX_CANDIDATES are where busybox-static installs its binary. */
const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

/** findStaticBusybox returns the path of a statically linked busybox, or throws with the package to install. */
export async function findStaticBusybox(): Promise<string> {
  for (const candidate of BUSYBOX_CANDIDATES) {
    if (!fs.existsSync(candidate)) continue;
    // A dynamically linked busybox would not run in an empty root file system.
    const { stdout } = await run('file', ['-L', candidate]).catch(() => ({ stdout: '' }));
    if (stdout === '' || /statically linked|static-pie/.test(stdout)) return candidate;
  }
  throw new Error('no statically linked busybox found: install the Debian package busybox-static');
}

/**
 * writeBusyboxRootfs lays out a minimal root file system: busybox with a link per applet, /etc files a shell
 * and `id` expect, and the usual empty mount points.
 */
export async function writeBusyboxRootfs(dir: string, busybox: string): Promise<void> {
  for (const d of [
    'bin',
    'sbin',
    'usr/bin',
    'usr/sbin',
    'etc',
    'tmp',
    'proc',
    'sys',
    'dev',
    'root',
    'var/www',
    'home',
  ]) {
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  }
  fs.chmodSync(path.join(dir, 'tmp'), 0o1777);
  fs.copyFileSync(busybox, path.join(dir, 'bin/busybox'));
  fs.chmodSync(path.join(dir, 'bin/busybox'), 0o755);
  const { stdout } = await run(busybox, ['--list-full']);
  for (const applet of stdout.split('\n').filter(Boolean)) {
    const target = path.join(dir, applet);
    if (applet === 'bin/busybox' || fs.existsSync(target)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync('/bin/busybox', target);
  }
  fs.writeFileSync(
    path.join(dir, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
  );
  fs.writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  fs.writeFileSync(path.join(dir, 'etc/hostname'), 'localhost\n');
}

/**
 * buildBusyboxImage imports a busybox root file system as `tag` (e.g. `busybox:latest`) into the daemon,
 * with `sh` as its default command. Returns the image id.
 */
export async function buildBusyboxImage(docker: Docker, tag: string): Promise<string> {
  return buildOfflineImage(docker, { tag, files: {}, changes: ['CMD ["sh"]'] });
}

/** OfflineFile is one file added on top of the busybox root file system: text, or a copy of a host file. */
export interface OfflineFile {
  content?: string;
  /** source copies this host file (a binary such as kubectl) instead of writing `content`. */
  source?: string;
  mode?: number;
}

/** OfflineImageSpec describes one offline course image: extra files and Dockerfile-style changes. */
export interface OfflineImageSpec {
  /** tag is the local name, `atelier/nginx:offline`. */
  tag: string;
  /** files maps absolute paths to contents. */
  files: Record<string, OfflineFile>;
  /** changes are `docker import --change` instructions (CMD, ENTRYPOINT, ENV, EXPOSE, WORKDIR, ...). */
  changes: string[];
}

/**
 * buildOfflineImage lays out busybox plus `spec.files` and imports it as `spec.tag`. Returns the image id.
 */
export async function buildOfflineImage(docker: Docker, spec: OfflineImageSpec): Promise<string> {
  const busybox = await findStaticBusybox();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-rootfs-'));
  try {
    await writeBusyboxRootfs(dir, busybox);
    for (const [file, { content, source, mode }] of Object.entries(spec.files)) {
      const target = path.join(dir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.rmSync(target, { force: true });
      if (source !== undefined) fs.copyFileSync(source, target);
      else fs.writeFileSync(target, content ?? '', { mode: mode ?? 0o644 });
      fs.chmodSync(target, mode ?? 0o644);
    }
    const tag = spec.tag;
    const [repo, version = 'latest'] = splitTag(tag);
    const tar = spawn('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', dir, '-c', '.'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // dockerode's typings declare importImage as returning void; at run time it resolves to the progress stream.
    const stream = (await docker.importImage(tar.stdout, {
      repo,
      tag: version,
      changes: spec.changes,
    } as never)) as unknown as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
    });
    const info = await docker.getImage(tag).inspect();
    return info.Id;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** splitTag splits `name:tag` (a registry port such as `host:5000/name` is kept in the name). */
export function splitTag(image: string): [string, string | undefined] {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return [image.slice(0, colon), image.slice(colon + 1)];
  return [image, undefined];
}

/** BuildCourseImagesOptions select what `buildCourseImages` does. */
export interface BuildCourseImagesOptions {
  /** tags are lesson references (`nginx:1.7.9`) to also tag in the daemon, for plain `docker run`. */
  tags?: string[];
  /** force rebuilds images that already exist. */
  force?: boolean;
  /** only restricts the build to these local tags (e.g. just the pause image). */
  only?: string[];
  /** log receives one line per image. */
  log?: (line: string) => void;
}

/**
 * buildCourseImages builds every offline course image missing from the daemon (all with `force`) and tags
 * the requested lesson references onto their alias targets. Returns the local tags built.
 */
export async function buildCourseImages(
  docker: Docker,
  options: BuildCourseImagesOptions = {},
): Promise<string[]> {
  const built: string[] = [];
  for (const spec of courseImageSpecs()) {
    if (options.only && !options.only.includes(spec.tag)) continue;
    const exists = await docker
      .getImage(spec.tag)
      .inspect()
      .then(() => true)
      .catch(() => false);
    if (exists && !options.force) {
      options.log?.(`${spec.tag}: present`);
      continue;
    }
    const id = await buildOfflineImage(docker, spec);
    built.push(spec.tag);
    options.log?.(`${spec.tag}: built ${id.slice(0, 19)}`);
  }
  for (const name of options.tags ?? []) {
    const target = DEFAULT_IMAGE_ALIASES[name];
    if (!target) throw new Error(`no offline image for "${name}"`);
    const [repo, tag = 'latest'] = splitTag(name);
    await docker.getImage(target).tag({ repo, tag });
    options.log?.(`${name} -> ${target}`);
  }
  return built;
}
