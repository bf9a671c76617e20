/**
 * The offline course images: what each local `atelier/*` image contains, and the alias table mapping the
 * references lessons use (`nginx:1.7.9`, `busybox`, `redis`, ...) to them. Every image is busybox-static
 * plus small files; some programs are approximations, documented here:
 * - nginx: busybox `httpd` serving the real nginx default page on port 80 from /usr/share/nginx/html, with
 *   nginx's entrypoint start-up lines; no nginx.conf semantics (proxying, rewrites) and no `nginx` binary.
 * - httpd: busybox `httpd` serving Apache's "It works!" page from /usr/local/apache2/htdocs.
 * - redis: a RESP2 subset (PING ECHO SET GET DEL EXISTS INCR/DECR[BY] KEYS DBSIZE FLUSHALL QUIT) written in
 *   shell behind `nc -ll -e`, keys as files under /data, plus a matching `redis-cli`; slow (a few ms per
 *   command) and without expiry, lists, hashes or persistence formats.
 * - hello-app: busybox `httpd` on 8080 answering `Hello, world! / Version / Hostname` like
 *   gcr.io/google-samples/hello-app (the page is written once at start).
 * - busybox: Debian's busybox 1.35 (lessons name 1.36 or 1.28: the applets they use behave the same). Its
 *   `wget -T` crashes in this static build; `timeout 3 wget ...` is the working equivalent.
 */
import fs from 'node:fs';
import { HTTPD_INDEX_HTML, NGINX_INDEX_HTML, NGINX_OLD_INDEX_HTML } from '../simulated/image-catalog';
import type { OfflineImageSpec } from './offline-images';

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** OFFLINE_TAGS are the local names of the offline images. */
export const OFFLINE_TAGS = {
  pause: 'atelier/pause:offline',
  busybox: 'atelier/busybox:offline',
  nginx: 'atelier/nginx:offline',
  nginxLegacy: 'atelier/nginx:legacy',
  httpd: 'atelier/httpd:offline',
  redis: 'atelier/redis:offline',
  helloApp1: 'atelier/hello-app:1.0',
  helloApp2: 'atelier/hello-app:2.0',
} as const;

/**
 * SERVE is a shell function running a server as a child of the script: as PID 1 a process without signal
 * handlers ignores SIGTERM, so the script (PID 1) traps TERM/QUIT/INT and forwards them, making
 * `kubectl delete` as quick as with the real servers (which handle SIGTERM themselves).
 */
const SERVE = `serve() {
  "$@" &
  child=$!
  trap 'kill -TERM $child 2>/dev/null' TERM QUIT INT
  wait $child
  trap - TERM QUIT INT
  wait $child
}
`;

const NGINX_ENTRYPOINT = `#!/bin/sh
# docker-entrypoint.sh of the offline nginx image: nginx's start-up lines, then busybox httpd on port 80.
${SERVE}if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
  echo "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
  echo "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"
  echo "/docker-entrypoint.sh: Configuration complete; ready for start up"
  serve httpd -f -vv -p 80 -h /usr/share/nginx/html
fi
exec "$@"
`;

const HTTPD_FOREGROUND = `#!/bin/sh
# httpd-foreground of the offline httpd image: busybox httpd serving the Apache default page.
${SERVE}echo "AH00558: httpd: Could not reliably determine the server's fully qualified domain name. Set the 'ServerName' directive globally to suppress this message"
serve httpd -f -vv -p 80 -h /usr/local/apache2/htdocs
`;

const REDIS_ENTRYPOINT = `#!/bin/sh
# docker-entrypoint.sh of the offline redis image: redis-server is a RESP subset behind nc.
${SERVE}if [ "$1" = "redis-server" ]; then
  echo "1:C $(date '+%d %b %Y %H:%M:%S').000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"
  echo "1:M $(date '+%d %b %Y %H:%M:%S').000 * Server initialized"
  echo "1:M $(date '+%d %b %Y %H:%M:%S').000 * Ready to accept connections tcp"
  serve nc -ll -p 6379 -e /usr/local/bin/redis-session
fi
exec "$@"
`;

function helloApp(version: string): string {
  return `#!/bin/sh
# hello-app of the offline image: the page gcr.io/google-samples/hello-app answers, on port 8080.
${SERVE}mkdir -p /tmp/www
printf 'Hello, world!\\nVersion: ${version}\\nHostname: %s\\n' "$(hostname)" > /tmp/www/index.html
echo "$(date '+%Y/%m/%d %H:%M:%S') Server listening on port \${PORT:-8080}"
serve httpd -f -p "\${PORT:-8080}" -h /tmp/www
`;
}

function program(name: string): string {
  return fs.readFileSync(new URL(`./programs/${name}`, import.meta.url), 'utf8');
}

function nginx(tag: string, page: string): OfflineImageSpec {
  return {
    tag,
    files: {
      '/docker-entrypoint.sh': { content: NGINX_ENTRYPOINT, mode: 0o755 },
      '/usr/share/nginx/html/index.html': { content: page },
      '/usr/share/nginx/html/50x.html': {
        content:
          '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n',
      },
    },
    changes: [
      `ENV ${PATH_ENV}`,
      'ENV NGINX_VERSION=1.27.5',
      'ENTRYPOINT ["/docker-entrypoint.sh"]',
      'CMD ["nginx", "-g", "daemon off;"]',
      'EXPOSE 80',
    ],
  };
}

/** courseImageSpecs returns every offline image, in build order (pause first: every pod needs it). */
export function courseImageSpecs(): OfflineImageSpec[] {
  return [
    { tag: OFFLINE_TAGS.pause, files: {}, changes: ['CMD ["sleep", "2147483647"]'] },
    { tag: OFFLINE_TAGS.busybox, files: {}, changes: [`ENV ${PATH_ENV}`, 'CMD ["sh"]'] },
    nginx(OFFLINE_TAGS.nginx, NGINX_INDEX_HTML),
    nginx(OFFLINE_TAGS.nginxLegacy, NGINX_OLD_INDEX_HTML),
    {
      tag: OFFLINE_TAGS.httpd,
      files: {
        '/usr/local/bin/httpd-foreground': { content: HTTPD_FOREGROUND, mode: 0o755 },
        '/usr/local/apache2/htdocs/index.html': { content: HTTPD_INDEX_HTML },
      },
      changes: [`ENV ${PATH_ENV}`, 'WORKDIR /usr/local/apache2', 'CMD ["httpd-foreground"]', 'EXPOSE 80'],
    },
    {
      tag: OFFLINE_TAGS.redis,
      files: {
        '/usr/local/bin/docker-entrypoint.sh': { content: REDIS_ENTRYPOINT, mode: 0o755 },
        '/usr/local/bin/redis-session': { content: program('redis-session.sh'), mode: 0o755 },
        '/usr/local/bin/redis-cli': { content: program('redis-cli.sh'), mode: 0o755 },
      },
      changes: [
        `ENV ${PATH_ENV}`,
        'WORKDIR /data',
        'ENTRYPOINT ["docker-entrypoint.sh"]',
        'CMD ["redis-server"]',
        'EXPOSE 6379',
      ],
    },
    ...(['1.0', '2.0'] as const).map((v) => ({
      tag: v === '1.0' ? OFFLINE_TAGS.helloApp1 : OFFLINE_TAGS.helloApp2,
      files: { '/hello-app': { content: helloApp(`${v}.0`), mode: 0o755 } },
      changes: ['ENV PORT=8080', `ENV ${PATH_ENV}`, 'CMD ["/hello-app"]', 'EXPOSE 8080'],
    })),
  ];
}

function expand(names: string[], target: string): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, target]));
}

const NGINX_MODERN = ['1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27', '1.27.5', '1.26.3', '1.25.5'];
const NGINX_LEGACY = ['1.7.9', '1.14', '1.14.2', '1.15', '1.16', '1.16.1', '1.17', '1.18', '1.19', '1.20'];

/** DEFAULT_IMAGE_ALIASES maps the references lessons use to the offline images. */
export const DEFAULT_IMAGE_ALIASES: Record<string, string> = {
  ...expand(
    ['nginx', 'nginx:latest', 'nginx:stable', 'nginx:alpine', ...NGINX_MODERN.map((v) => `nginx:${v}`)],
    OFFLINE_TAGS.nginx,
  ),
  ...expand(
    NGINX_LEGACY.map((v) => `nginx:${v}`),
    OFFLINE_TAGS.nginxLegacy,
  ),
  ...expand(
    [
      'busybox',
      'busybox:latest',
      'busybox:1.28',
      'busybox:1.35',
      'busybox:1.36',
      'busybox:1.37',
      'busybox:stable',
    ],
    OFFLINE_TAGS.busybox,
  ),
  ...expand(['httpd', 'httpd:latest', 'httpd:2.4', 'httpd:alpine'], OFFLINE_TAGS.httpd),
  ...expand(['redis', 'redis:latest', 'redis:7', 'redis:alpine', 'redis:6'], OFFLINE_TAGS.redis),
  ...expand(
    ['gcr.io/google-samples/hello-app:1.0', 'us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0'],
    OFFLINE_TAGS.helloApp1,
  ),
  ...expand(
    ['gcr.io/google-samples/hello-app:2.0', 'us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0'],
    OFFLINE_TAGS.helloApp2,
  ),
};

/** DEFAULT_IMAGE_ALLOW lets learners run the course images and nothing else unless configured. */
export const DEFAULT_IMAGE_ALLOW = [
  'nginx:*',
  'busybox:*',
  'httpd:*',
  'redis:*',
  'gcr.io/google-samples/*',
  'us-docker.pkg.dev/google-samples/*',
];
