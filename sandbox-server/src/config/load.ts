import path from 'node:path';
import { type Config, configSchema, ENV_SETTINGS, type EnvName, parseLabels } from './schema';

/** ConfigError is thrown for an invalid environment; its message is French and names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * loadConfig reads the settings from an environment (process.env by default), applies the embedded
 * defaults and validates them. Relative directories are resolved against `cwd`.
 *
 * @example
 *   const config = loadConfig({ PORT: '9090' }); // config.port === 9090
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(ENV_SETTINGS) as EnvName[]) {
    const value = env[name];
    raw[name] = value === undefined || value === '' ? ENV_SETTINGS[name].default : value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(raw[name])} : ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(cwd, c.DATA_DIR),
    siteDir: path.resolve(cwd, c.SITE_DIR),
    runtime: c.RUNTIME,
    ...(c.RUNTIME === 'kubernetes'
      ? {
          kubernetesHost: {
            ...(c.HOST_KUBECONFIG ? { kubeconfig: path.resolve(cwd, c.HOST_KUBECONFIG) } : {}),
            namespacePrefix: c.HOST_NAMESPACE_PREFIX,
            maxPods: c.HOST_SANDBOX_PODS,
            cpuLimits: c.HOST_SANDBOX_CPU,
            memoryLimits: c.HOST_SANDBOX_MEMORY,
            storage: c.HOST_SANDBOX_STORAGE,
            maxServices: c.HOST_SANDBOX_SERVICES,
            ...(c.HOST_DNS_ADDRESS
              ? {
                  dns: {
                    address: c.HOST_DNS_ADDRESS,
                    port: c.HOST_DNS_PORT,
                    ...(c.HOST_DNS_POD_NAMESPACE && c.HOST_DNS_POD_LABELS
                      ? {
                          platformPeer: {
                            namespace: c.HOST_DNS_POD_NAMESPACE,
                            podLabels: parseLabels(c.HOST_DNS_POD_LABELS)!,
                          },
                        }
                      : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
    terminal: c.TERMINAL,
    ...(c.TOOLBOX_KUBECTL ? { toolboxKubectl: c.TOOLBOX_KUBECTL } : {}),
    shellKubectl: c.SHELL_KUBECTL,
    sandboxSync: c.SANDBOX_SYNC,
    dockerPodNetwork: c.DOCKER_POD_NETWORK,
    ...(c.DOCKER_FILES_DIR ? { dockerFilesDir: c.DOCKER_FILES_DIR } : {}),
    logLevel: c.LOG_LEVEL,
    sessionSecret: c.SESSION_SECRET,
    ...(c.HTTPS_PORT === ''
      ? {}
      : {
          https: {
            port: c.HTTPS_PORT,
            ...(c.TLS_CERT
              ? { certFile: path.resolve(cwd, c.TLS_CERT), keyFile: path.resolve(cwd, c.TLS_KEY) }
              : {}),
            ...(c.TLS_CA ? { caFile: path.resolve(cwd, c.TLS_CA) } : {}),
            hosts: c.TLS_HOSTS.split(',')
              .map((h) => h.trim())
              .filter((h) => h !== ''),
          },
        }),
    ...(c.PUBLIC_HTTPS_URL
      ? {
          publicHttps: {
            url: c.PUBLIC_HTTPS_URL.replace(/\/+$/, ''),
            ...(c.PUBLIC_HTTPS_CA ? { caFile: path.resolve(cwd, c.PUBLIC_HTTPS_CA) } : {}),
          },
        }
      : {}),
    sandboxes: {
      max: c.MAX_SANDBOXES,
      nodes: c.SANDBOX_NODES,
      idleMs: c.SANDBOX_IDLE_MINUTES * 60_000,
      lifetimeMs: c.SANDBOX_LIFETIME_HOURS * 3_600_000,
      maxObjects: c.SANDBOX_MAX_OBJECTS,
      maxPods: c.SANDBOX_MAX_PODS,
      maxWatches: c.SANDBOX_MAX_WATCHES,
      speed: c.SIMULATION_SPEED,
    },
    learnerRate: c.LEARNER_RATE,
    bodyLimitBytes: c.BODY_LIMIT_KB * 1024,
    instructorToken: c.INSTRUCTOR_TOKEN,
    cookieMaxAgeSeconds: c.COOKIE_DAYS * 86_400,
    ...(c.DATABASE_URL ? { databaseUrl: c.DATABASE_URL } : {}),
  };
}
