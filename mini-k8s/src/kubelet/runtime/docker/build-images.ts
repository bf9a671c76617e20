/**
 * build-images is the CLI that builds the offline course images without any registry:
 * `node --import tsx mini-k8s/src/kubelet/runtime/docker/build-images.ts [--force] [--tag-lesson-names]`.
 * `--tag-lesson-names` also tags every alias (`nginx:1.7.9`, `busybox`, ...) so a plain `docker run` finds
 * them; without it only the `atelier/*` names exist and the Docker runtime resolves lessons through aliases.
 */
import Docker from 'dockerode';
import { DEFAULT_IMAGE_ALIASES } from './course-images';
import { buildCourseImages } from './offline-images';

const args = new Set(process.argv.slice(2));
const docker = new Docker();
const started = Date.now();
await buildCourseImages(docker, {
  force: args.has('--force'),
  tags: args.has('--tag-lesson-names') ? Object.keys(DEFAULT_IMAGE_ALIASES) : [],
  log: (line) => console.log(line),
});
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
