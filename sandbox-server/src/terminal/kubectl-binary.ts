/**
 * findKubectlBinary locates the real kubectl the toolbox terminal ships into its containers. The platform
 * image (deploy/docker) installs it as /usr/local/bin/kubectl; a development machine often has the Google
 * Cloud SDK's dispatcher on PATH, a program that runs `kubectl.1.<minor>` next to itself and cannot work
 * alone in a container: the versioned binary matching the server (1.32) is preferred then.
 */
import fs from 'node:fs';
import path from 'node:path';

/** KUBECTL_MINOR is the kubectl version the platform's API server speaks with (wire protocol notes). */
const KUBECTL_MINOR = '1.32';

/** isElf tells whether a file is a Linux executable (a shell-script wrapper cannot run in the toolbox). */
function isElf(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const magic = Buffer.alloc(4);
      fs.readSync(fd, magic, 0, 4, 0);
      return magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * findKubectlBinary returns the path of a kubectl executable: `explicit` when given (it must be one), else
 * the one on PATH (its `kubectl.1.32` sibling first). Undefined when none is found.
 */
export function findKubectlBinary(
  explicit: string | undefined,
  searchPath: string = process.env.PATH ?? '',
): string | undefined {
  if (explicit) return isElf(explicit) ? path.resolve(explicit) : undefined;
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'kubectl');
    if (!fs.existsSync(candidate)) continue;
    const real = fs.realpathSync(candidate);
    const versioned = path.join(path.dirname(real), `kubectl.${KUBECTL_MINOR}`);
    if (isElf(versioned)) return versioned;
    if (isElf(real)) return real;
  }
  return undefined;
}
