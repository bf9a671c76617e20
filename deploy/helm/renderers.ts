/**
 * The two ways the chart's tests render it: the Go renderer of deploy/helm/render (built here with Debian's Go
 * and Sprig; the project's machines and CI have no helm) and, when it is on PATH, the real `helm template`.
 * Both take the same arguments and print the same `---\n# Source: …` stream, so the same assertions run on each.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** RenderResult is the outcome of one rendering: exit code, manifests on stdout, errors on stderr. */
export interface RenderResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Renderer renders a chart for a release: render(['--set', 'a=b', '-f', 'file.yaml']). */
export interface Renderer {
  name: string;
  render(args: string[]): RenderResult;
}

const RENDER_DIR = path.join(import.meta.dirname, 'render');
/** GO_LIBRARIES are the Debian packages' import paths the renderer needs in /usr/share/gocode. */
const GO_LIBRARIES = ['github.com/Masterminds/sprig', 'github.com/Masterminds/semver', 'sigs.k8s.io/yaml'];
const GOCODE = process.env.GOCODE ?? '/usr/share/gocode';

/**
 * goRendererSkipReason is undefined when go and the Debian Go libraries are installed, else a one-line reason.
 * Under REQUIRE_GO=1 (CI, which installs them) the absence throws instead, so CI cannot pass by skipping.
 */
export function goRendererSkipReason(): string | undefined {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  const missing = GO_LIBRARIES.filter((lib) => !fs.existsSync(path.join(GOCODE, 'src', lib)));
  const reason =
    go.error || go.status !== 0
      ? 'go is not on PATH (apt-get install golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev): the chart rendering tests are skipped'
      : missing.length > 0
        ? `Go libraries missing in ${GOCODE}/src (${missing.join(', ')}; apt-get install golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev): the chart rendering tests are skipped`
        : undefined;
  if (reason && process.env.REQUIRE_GO === '1') throw new Error(`REQUIRE_GO=1 but ${reason}`);
  return reason;
}

/** buildGoRenderer compiles deploy/helm/render into dir and returns a renderer running it. */
export function buildGoRenderer(dir: string): Renderer {
  const binary = path.join(dir, 'render');
  const built = spawnSync(path.join(RENDER_DIR, 'build.sh'), [binary], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (built.status !== 0) {
    throw new Error(`deploy/helm/render/build.sh failed (${built.status}): ${built.stderr || built.error}`);
  }
  return { name: 'deploy/helm/render', render: (args) => run(binary, args) };
}

/** helmRenderer is the real `helm template` when helm is on PATH, else undefined. */
export function helmRenderer(): Renderer | undefined {
  const helm = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' });
  if (helm.error || helm.status !== 0) return undefined;
  return { name: 'helm template', render: (args) => run('helm', ['template', ...args]) };
}

function run(command: string, args: string[]): RenderResult {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}
