/**
 * ImageCatalog: every image the course uses, described well enough for the simulated runtime to behave like
 * the real one: entrypoint/cmd, the OS flavour (prompt and error wording of its shell), the programs it
 * ships, the ports its server listens on, files of its root file system, and its resource baseline.
 */
import { createHash } from 'node:crypto';
import { repositoryOf, type ImageRef } from '../image-ref';

/** OsFlavor decides the shell dialect and default files. */
export type OsFlavor = 'busybox' | 'alpine' | 'debian' | 'ubuntu' | 'oracle' | 'distroless';

/** ServerKind names a simulated server program (see programs.ts). */
export type ServerKind =
  | 'nginx'
  | 'httpd'
  | 'hello-app'
  | 'http-echo'
  | 'echoserver'
  | 'redis'
  | 'mongo'
  | 'postgres'
  | 'mysql'
  | 'stress'
  | 'entrypoint';

/** ImageSpec describes one repository (all of its tags). */
export interface ImageSpec {
  /** repository is the normalised name, `docker.io/library/nginx`. */
  repository: string;
  /** tags matches the tags that exist. */
  tags: RegExp;
  os: OsFlavor;
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  env: Record<string, string>;
  /** programs maps executable names (basename) to simulated server programs. */
  programs: Record<string, ServerKind>;
  /** ports the image's server listens on by default. */
  ports: number[];
  /** files are extra root file system files (path -> content). */
  files: Record<string, string>;
  /** missing lists shell utilities the image does NOT ship (nginx's Debian has no `ps`). */
  missing: string[];
  memoryBaselineBytes: number;
  cpuBaselineMilli: number;
  sizeBytes: number;
  /** user is the image config's `User` (empty or absent: root, as most official images). */
  user?: string;
  /** version returns the software version a tag runs (for startup logs and Server headers). */
  version: (tag: string) => string;
}

const MI = 1024 * 1024;

/** NGINX_MINOR_LATEST is the last patch release of each nginx minor version the course mentions. */
const NGINX_MINOR_LATEST: Record<string, string> = {
  '1.14': '1.14.2',
  '1.16': '1.16.1',
  '1.19': '1.19.10',
  '1.20': '1.20.2',
  '1.21': '1.21.6',
  '1.22': '1.22.1',
  '1.23': '1.23.4',
  '1.24': '1.24.0',
  '1.25': '1.25.5',
  '1.26': '1.26.3',
  '1.27': '1.27.5',
  '1.28': '1.28.0',
  '1.29': '1.29.1',
};

function nginxVersion(tag: string): string {
  const base = tag.replace(/-(alpine|perl|bookworm|bullseye)$/, '');
  if (/^\d+\.\d+\.\d+$/.test(base)) return base;
  if (NGINX_MINOR_LATEST[base]) return NGINX_MINOR_LATEST[base];
  return base.startsWith('stable') ? NGINX_MINOR_LATEST['1.26'] : NGINX_MINOR_LATEST['1.27'];
}

const DEBIAN_OS_RELEASE =
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\n' +
  'VERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n' +
  'SUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n';
const ALPINE_OS_RELEASE =
  'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n' +
  'HOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n';
const UBUNTU_OS_RELEASE =
  'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\n' +
  'VERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n';

/** NGINX_INDEX_HTML is nginx's default page as served by nginx >= 1.21 (615 bytes). */
export const NGINX_INDEX_HTML =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\n' +
  'body { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n' +
  '<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\n' +
  'working. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n' +
  '<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n' +
  '<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n';

/** NGINX_OLD_INDEX_HTML is the default page of nginx before 1.21 (612 bytes, no color-scheme). */
export const NGINX_OLD_INDEX_HTML =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n    body {\n        width: 35em;\n' +
  '        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n</style>\n</head>\n<body>\n' +
  '<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\n' +
  'working. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n' +
  '<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n' +
  '<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n';

/** HTTPD_INDEX_HTML is Apache httpd's default page. */
export const HTTPD_INDEX_HTML = '<html><body><h1>It works!</h1></body></html>\n';

const NGINX_DEFAULT_CONF =
  'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n' +
  '        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n' +
  '    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n' +
  '    }\n}\n';

const DEBIAN_MISSING = ['ps', 'top', 'wget', 'nslookup', 'free', 'ping', 'kill'];

function spec(partial: Partial<ImageSpec> & Pick<ImageSpec, 'repository' | 'tags' | 'os'>): ImageSpec {
  return {
    entrypoint: [],
    cmd: [],
    workingDir: '/',
    env: {},
    programs: {},
    ports: [],
    files: {},
    missing: [],
    memoryBaselineBytes: 1 * MI,
    cpuBaselineMilli: 0,
    sizeBytes: 5 * MI,
    version: (tag) => tag,
    ...partial,
  };
}

const PATH_ENV = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** DEFAULT_IMAGES is the course catalogue. */
export const DEFAULT_IMAGES: ImageSpec[] = [
  spec({
    repository: 'docker.io/library/nginx',
    tags: /^(latest|stable|mainline|alpine|stable-alpine|mainline-alpine|perl|1\.([7-9]|1\d|2\d)(\.\d{1,2})?(-alpine|-perl|-bookworm|-bullseye)?)$/,
    os: 'debian',
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: { PATH: PATH_ENV, NGINX_VERSION: '1.27.5' },
    programs: { 'docker-entrypoint.sh': 'entrypoint', nginx: 'nginx' },
    ports: [80],
    files: {
      '/etc/nginx/conf.d/default.conf': NGINX_DEFAULT_CONF,
      '/usr/share/nginx/html/index.html': NGINX_INDEX_HTML,
      '/usr/share/nginx/html/50x.html':
        '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n',
      '/var/log/nginx/': '',
      '/docker-entrypoint.d/': '',
    },
    missing: DEBIAN_MISSING,
    memoryBaselineBytes: 3 * MI,
    sizeBytes: 72 * MI,
    version: nginxVersion,
  }),
  spec({
    repository: 'docker.io/library/httpd',
    tags: /^(latest|alpine|2(\.4(\.\d{1,2})?)?(-alpine)?)$/,
    os: 'debian',
    cmd: ['httpd-foreground'],
    workingDir: '/usr/local/apache2',
    env: { PATH: `/usr/local/apache2/bin:${PATH_ENV}`, HTTPD_PREFIX: '/usr/local/apache2' },
    programs: { 'httpd-foreground': 'httpd', httpd: 'httpd' },
    ports: [80],
    files: { '/usr/local/apache2/htdocs/index.html': HTTPD_INDEX_HTML, '/usr/local/apache2/logs/': '' },
    missing: DEBIAN_MISSING,
    memoryBaselineBytes: 8 * MI,
    sizeBytes: 58 * MI,
    version: () => '2.4.62',
  }),
  spec({
    repository: 'docker.io/library/redis',
    tags: /^(latest|alpine|[67](\.\d+(\.\d+)?)?(-alpine)?)$/,
    os: 'debian',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    workingDir: '/data',
    env: { PATH: PATH_ENV, REDIS_VERSION: '7.4.1' },
    programs: { 'docker-entrypoint.sh': 'entrypoint', 'redis-server': 'redis' },
    ports: [6379],
    files: { '/data/': '' },
    missing: DEBIAN_MISSING,
    memoryBaselineBytes: 3 * MI,
    cpuBaselineMilli: 2,
    sizeBytes: 45 * MI,
    version: (tag) => (tag.startsWith('6') ? '6.2.16' : '7.4.1'),
  }),
  spec({
    repository: 'docker.io/library/mongo',
    tags: /^(latest|[4-8](\.\d+(\.\d+)?)?)$/,
    os: 'ubuntu',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mongod'],
    env: { PATH: PATH_ENV },
    programs: { 'docker-entrypoint.sh': 'entrypoint', mongod: 'mongo' },
    ports: [27017],
    files: { '/data/db/': '' },
    missing: DEBIAN_MISSING,
    memoryBaselineBytes: 80 * MI,
    cpuBaselineMilli: 5,
    sizeBytes: 300 * MI,
    version: () => '8.0.3',
  }),
  spec({
    repository: 'docker.io/library/postgres',
    tags: /^(latest|alpine|1[0-7](\.\d+)?(-alpine)?)$/,
    os: 'debian',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['postgres'],
    env: { PATH: `/usr/lib/postgresql/17/bin:${PATH_ENV}`, PGDATA: '/var/lib/postgresql/data' },
    programs: { 'docker-entrypoint.sh': 'entrypoint', postgres: 'postgres' },
    ports: [5432],
    files: { '/var/lib/postgresql/data/': '' },
    missing: DEBIAN_MISSING,
    memoryBaselineBytes: 25 * MI,
    cpuBaselineMilli: 1,
    sizeBytes: 150 * MI,
    version: (tag) => (/^\d+/.exec(tag)?.[0] ?? '17') + '.2',
  }),
  spec({
    repository: 'docker.io/library/mysql',
    tags: /^(latest|lts|[58](\.\d+(\.\d+)?)?|9(\.\d+)?)$/,
    os: 'oracle',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mysqld'],
    env: { PATH: PATH_ENV },
    programs: { 'docker-entrypoint.sh': 'entrypoint', mysqld: 'mysql' },
    ports: [3306],
    files: { '/var/lib/mysql/': '' },
    missing: ['ps', 'top', 'wget', 'nslookup', 'ping', 'curl'],
    memoryBaselineBytes: 380 * MI,
    cpuBaselineMilli: 4,
    sizeBytes: 600 * MI,
    version: (tag) => (tag.startsWith('5') ? '5.7.44' : '8.4.3'),
  }),
  spec({
    repository: 'gcr.io/google-samples/hello-app',
    tags: /^[12]\.0$/,
    os: 'distroless',
    cmd: ['/hello-app'],
    env: { PORT: '8080' },
    programs: { 'hello-app': 'hello-app' },
    ports: [8080],
    memoryBaselineBytes: 2 * MI,
    sizeBytes: 11 * MI,
    version: (tag) => `${tag}.0`,
  }),
  spec({
    repository: 'docker.io/hashicorp/http-echo',
    tags: /^(latest|[01]\.\d+(\.\d+)?)$/,
    os: 'distroless',
    entrypoint: ['/http-echo'],
    programs: { 'http-echo': 'http-echo' },
    ports: [5678],
    memoryBaselineBytes: 2 * MI,
    sizeBytes: 4 * MI,
    version: () => '1.0.0',
  }),
  spec({
    repository: 'k8s.gcr.io/echoserver',
    tags: /^1\.(4|10)$/,
    os: 'ubuntu',
    cmd: ['/usr/local/bin/run.sh'],
    programs: { 'run.sh': 'echoserver' },
    ports: [8080],
    memoryBaselineBytes: 4 * MI,
    sizeBytes: 45 * MI,
    version: () => '1.10.0',
  }),
  spec({
    repository: 'registry.k8s.io/echoserver',
    tags: /^1\.(4|10)$/,
    os: 'ubuntu',
    cmd: ['/usr/local/bin/run.sh'],
    programs: { 'run.sh': 'echoserver' },
    ports: [8080],
    memoryBaselineBytes: 4 * MI,
    sizeBytes: 45 * MI,
    version: () => '1.10.0',
  }),
  spec({
    repository: 'docker.io/polinux/stress',
    tags: /^(latest|1\.0\.4)$/,
    os: 'alpine',
    cmd: ['/bin/sh'],
    programs: { stress: 'stress' },
    memoryBaselineBytes: 1 * MI,
    sizeBytes: 4 * MI,
  }),
  spec({
    repository: 'docker.io/curlimages/curl',
    tags: /^(latest|8\.\d+\.\d+)$/,
    os: 'alpine',
    entrypoint: ['curl'],
    env: { PATH: PATH_ENV },
    // The image's Dockerfile ends with `USER curl_user` (a name, not a uid).
    user: 'curl_user',
    memoryBaselineBytes: 1 * MI,
    sizeBytes: 12 * MI,
  }),
  spec({
    repository: 'docker.io/library/busybox',
    tags: /^(latest|stable|musl|glibc|uclibc|1\.\d+(\.\d+)?(-musl|-glibc|-uclibc)?)$/,
    os: 'busybox',
    cmd: ['sh'],
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    memoryBaselineBytes: 0.3 * MI,
    sizeBytes: 2 * MI,
  }),
  spec({
    repository: 'docker.io/library/alpine',
    tags: /^(latest|edge|3(\.\d+(\.\d+)?)?)$/,
    os: 'alpine',
    cmd: ['/bin/sh'],
    env: { PATH: PATH_ENV },
    memoryBaselineBytes: 0.4 * MI,
    sizeBytes: 4 * MI,
  }),
  spec({
    repository: 'docker.io/library/ubuntu',
    tags: /^(latest|rolling|noble|jammy|focal|2[0-4]\.04)$/,
    os: 'ubuntu',
    cmd: ['/bin/bash'],
    env: { PATH: PATH_ENV },
    missing: ['wget', 'nslookup', 'ping', 'curl'],
    memoryBaselineBytes: 0.6 * MI,
    sizeBytes: 29 * MI,
  }),
  spec({
    repository: 'docker.io/library/debian',
    tags: /^(latest|stable|stable-slim|bookworm|bookworm-slim|bullseye|bullseye-slim|1[0-2](-slim)?)$/,
    os: 'debian',
    cmd: ['bash'],
    env: { PATH: PATH_ENV },
    missing: ['wget', 'nslookup', 'ping', 'curl', 'ps', 'top'],
    memoryBaselineBytes: 0.6 * MI,
    sizeBytes: 48 * MI,
  }),
];

/** osFiles returns the base files of an OS flavour. */
export function osFiles(os: OsFlavor): Record<string, string> {
  const passwd =
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
  const common: Record<string, string> = { '/etc/passwd': passwd, '/tmp/': '', '/root/': '', '/proc/': '' };
  switch (os) {
    case 'busybox':
      return { ...common, '/bin/': '', '/etc/group': 'root:x:0:\n', '/home/': '', '/var/': '' };
    case 'alpine':
      return {
        ...common,
        '/etc/os-release': ALPINE_OS_RELEASE,
        '/etc/alpine-release': '3.20.3\n',
        '/home/': '',
      };
    case 'debian':
    case 'oracle':
      return {
        ...common,
        '/etc/passwd': passwd.replace('/root:/bin/sh', '/root:/bin/bash'),
        '/etc/os-release': DEBIAN_OS_RELEASE,
        '/etc/debian_version': '12.8\n',
        '/home/': '',
        '/var/log/': '',
      };
    case 'ubuntu':
      return {
        ...common,
        '/etc/passwd': passwd.replace('/root:/bin/sh', '/root:/bin/bash'),
        '/etc/os-release': UBUNTU_OS_RELEASE,
        '/home/': '',
      };
    case 'distroless':
      return { '/etc/passwd': passwd };
  }
}

/** ResolvedImage is an image of the catalogue at one tag. */
export interface ResolvedImage {
  spec: ImageSpec;
  ref: ImageRef;
  id: string;
  digest: string;
}

/** ImageCatalog finds image specs by reference. */
export class ImageCatalog {
  private readonly byRepository = new Map<string, ImageSpec>();

  constructor(images: ImageSpec[] = DEFAULT_IMAGES) {
    for (const image of images) this.byRepository.set(image.repository, image);
  }

  /** hasRepository tells whether the repository exists (decides between not-found and access-denied errors). */
  hasRepository(ref: ImageRef): boolean {
    return this.byRepository.has(repositoryOf(ref));
  }

  /** resolve returns the image for `ref`, or undefined when the repository or the tag does not exist. */
  resolve(ref: ImageRef): ResolvedImage | undefined {
    const found = this.byRepository.get(repositoryOf(ref));
    if (!found || (!ref.digest && !found.tags.test(ref.tag))) return undefined;
    return { spec: found, ref, ...imageIds(`${found.repository}:${ref.digest ?? ref.tag}`) };
  }

  /** generic returns a busybox-like spec for an image outside the catalogue (the `allowUnknownImages` option). */
  generic(ref: ImageRef): ResolvedImage {
    const busybox =
      this.byRepository.get('docker.io/library/busybox') ??
      (DEFAULT_IMAGES.find((image) => image.repository === 'docker.io/library/busybox') as ImageSpec);
    return {
      spec: { ...busybox, repository: repositoryOf(ref), tags: /.*/ },
      ref,
      ...imageIds(`${repositoryOf(ref)}:${ref.tag}`),
    };
  }
}

/** imageIds derives a stable image id and digest from the name (simulated content addressing). */
function imageIds(name: string): { id: string; digest: string } {
  const hash = createHash('sha256').update(name).digest('hex');
  const digest = createHash('sha256').update(`manifest:${name}`).digest('hex');
  return { id: `sha256:${hash}`, digest: `sha256:${digest}` };
}

/** nginxIndexFor returns the nginx default page matching a version (the page changed in 1.21). */
export function nginxIndexFor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return major === 1 && minor < 21 ? NGINX_OLD_INDEX_HTML : NGINX_INDEX_HTML;
}
