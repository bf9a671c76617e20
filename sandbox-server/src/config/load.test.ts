import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load';

describe('loadConfig', () => {
  it('uses the embedded defaults on an empty environment', () => {
    const config = loadConfig({}, '/srv/atelier');
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('/srv/atelier', 'data'),
      siteDir: path.resolve('/srv/atelier', 'dist'),
      runtime: 'simulated',
      terminal: 'builtin',
      shellKubectl: 'builtin',
      sandboxSync: 'normal',
      dockerPodNetwork: 'auto',
      logLevel: 'info',
      sessionSecret: '',
      sandboxes: {
        max: 2000,
        nodes: 3,
        idleMs: 900_000,
        lifetimeMs: 168 * 3_600_000,
        maxObjects: 2000,
        maxPods: 100,
        maxWatches: 30,
        speed: 1,
      },
      learnerRate: 50,
      bodyLimitBytes: 3072 * 1024,
      instructorToken: '',
      cookieMaxAgeSeconds: 30 * 86_400,
    });
  });

  it('chooses the built-in shell’s kubectl, refusing other values in French', () => {
    expect(loadConfig({ SHELL_KUBECTL: 'binary' }, '/srv').shellKubectl).toBe('binary');
    expect(() => loadConfig({ SHELL_KUBECTL: 'real' }, '/srv')).toThrow(
      /SHELL_KUBECTL.*« builtin » ou « binary »/s,
    );
  });

  it('reads the host cluster settings of RUNTIME=kubernetes, refusing a bad prefix or quantity in French', () => {
    expect(loadConfig({ RUNTIME: 'kubernetes' }, '/srv').kubernetesHost).toEqual({
      namespacePrefix: 'atelier-',
      maxPods: 50,
      cpuLimits: '4',
      memoryLimits: '4Gi',
      storage: '5Gi',
      maxServices: 30,
    });
    expect(
      loadConfig(
        {
          RUNTIME: 'kubernetes',
          HOST_KUBECONFIG: 'host/kubeconfig',
          HOST_NAMESPACE_PREFIX: 'cours-',
          HOST_SANDBOX_MEMORY: '2Gi',
        },
        '/srv',
      ).kubernetesHost,
    ).toMatchObject({ kubeconfig: '/srv/host/kubeconfig', namespacePrefix: 'cours-', memoryLimits: '2Gi' });
    // The other runtimes ignore the host settings.
    expect(loadConfig({ HOST_KUBECONFIG: '/k' }, '/srv').kubernetesHost).toBeUndefined();
    expect(() => loadConfig({ RUNTIME: 'kubernetes', HOST_NAMESPACE_PREFIX: 'Atelier_' }, '/srv')).toThrow(
      /HOST_NAMESPACE_PREFIX="Atelier_" : doit commencer par une lettre minuscule/,
    );
    expect(() => loadConfig({ RUNTIME: 'kubernetes', HOST_SANDBOX_CPU: 'beaucoup' }, '/srv')).toThrow(
      /HOST_SANDBOX_CPU="beaucoup" : doit être une quantité Kubernetes/,
    );
  });

  it('reads the learners’ DNS on the host: the platform pod’s address, port and selector', () => {
    expect(
      loadConfig(
        {
          RUNTIME: 'kubernetes',
          HOST_DNS_ADDRESS: '10.42.0.7',
          HOST_DNS_POD_NAMESPACE: 'atelier',
          HOST_DNS_POD_LABELS: 'app.kubernetes.io/name=atelier,app.kubernetes.io/component=platform',
          HOST_SANDBOX_SERVICES: '12',
        },
        '/srv',
      ).kubernetesHost,
    ).toMatchObject({
      maxServices: 12,
      dns: {
        address: '10.42.0.7',
        port: 10053,
        platformPeer: {
          namespace: 'atelier',
          podLabels: { 'app.kubernetes.io/name': 'atelier', 'app.kubernetes.io/component': 'platform' },
        },
      },
    });
    expect(() => loadConfig({ RUNTIME: 'kubernetes', HOST_DNS_ADDRESS: 'plateforme' }, '/srv')).toThrow(
      /HOST_DNS_ADDRESS="plateforme" : doit être une adresse IPv4/,
    );
    expect(() => loadConfig({ RUNTIME: 'kubernetes', HOST_DNS_POD_LABELS: 'app' }, '/srv')).toThrow(
      /HOST_DNS_POD_LABELS="app" : doit être une liste clé=valeur/,
    );
  });

  it('enables HTTPS with a self-signed certificate or given files', () => {
    expect(loadConfig({ HTTPS_PORT: '8443', TLS_HOSTS: 'atelier.local, 10.0.0.5' }, '/srv').https).toEqual({
      port: 8443,
      hosts: ['atelier.local', '10.0.0.5'],
    });
    expect(
      loadConfig({ HTTPS_PORT: '8443', TLS_CERT: 'tls/cert.pem', TLS_KEY: 'tls/key.pem' }, '/srv').https,
    ).toEqual({ port: 8443, certFile: '/srv/tls/cert.pem', keyFile: '/srv/tls/key.pem', hosts: [] });
  });

  it('takes the public HTTPS origin of a reverse proxy for the kubeconfigs', () => {
    expect(loadConfig({}, '/srv').publicHttps).toBeUndefined();
    expect(loadConfig({ PUBLIC_HTTPS_URL: 'https://atelier.example.org/' }, '/srv').publicHttps).toEqual({
      url: 'https://atelier.example.org',
    });
    expect(
      loadConfig(
        { PUBLIC_HTTPS_URL: 'https://lab.example.org:8443/atelier', PUBLIC_HTTPS_CA: 'ca.pem' },
        '/srv',
      ).publicHttps,
    ).toEqual({ url: 'https://lab.example.org:8443/atelier', caFile: '/srv/ca.pem' });
    for (const bad of [
      'http://atelier.example.org',
      'atelier.example.org',
      'https://a.example/?x=1',
      'https://u:p@a.example',
    ]) {
      expect(() => loadConfig({ PUBLIC_HTTPS_URL: bad }, '/srv')).toThrow(
        `PUBLIC_HTTPS_URL="${bad}" : doit être une adresse https:// sans requête ni fragment (ou rester vide)`,
      );
    }
  });

  it('reads PORT and DATA_DIR from the environment', () => {
    const config = loadConfig({ PORT: '9091', DATA_DIR: '/var/lib/atelier' }, '/srv');
    expect(config.port).toBe(9091);
    expect(config.dataDir).toBe('/var/lib/atelier');
  });

  it.each([
    ['PORT', 'abc', 'PORT="abc" : doit être un nombre'],
    ['PORT', '70000', 'PORT="70000" : doit être compris entre 0 et 65535'],
    ['RUNTIME', 'podman', 'RUNTIME="podman" : doit valoir « simulated », « docker » ou « kubernetes »'],
    ['SESSION_SECRET', 'court', 'SESSION_SECRET="court" : doit faire au moins 32 caractères'],
    ['MAX_SANDBOXES', '0', 'MAX_SANDBOXES="0" : doit être compris entre 1 et 100000'],
    ['INSTRUCTOR_TOKEN', 'abc', 'INSTRUCTOR_TOKEN="abc" : doit faire au moins 16 caractères'],
    ['TLS_CERT', 'cert.pem', 'TLS_KEY="" : TLS_CERT et TLS_KEY vont ensemble'],
  ])('rejects %s=%s with a French message', (name, value, expected) => {
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain(expected);
  });

  it('reads the sandbox durability and the Docker files directory, and refuses bad values in French', () => {
    const config = loadConfig({ SANDBOX_SYNC: 'full', DOCKER_FILES_DIR: '/dev/shm/atelier' }, '/srv/atelier');
    expect(config.sandboxSync).toBe('full');
    expect(config.dockerFilesDir).toBe('/dev/shm/atelier');
    expect(() => loadConfig({ SANDBOX_SYNC: 'sometimes' })).toThrow(
      /SANDBOX_SYNC="sometimes".*« normal » ou « full »/,
    );
    expect(() => loadConfig({ DOCKER_FILES_DIR: 'relative/dir' })).toThrow(
      /DOCKER_FILES_DIR=.*chemin absolu/,
    );
    expect(loadConfig({ DOCKER_POD_NETWORK: 'direct' }).dockerPodNetwork).toBe('direct');
    expect(loadConfig({ DOCKER_POD_NETWORK: 'docker' }).dockerPodNetwork).toBe('docker');
    expect(loadConfig({}).dockerPodNetwork).toBe('auto');
    expect(() => loadConfig({ DOCKER_POD_NETWORK: 'cni' })).toThrow(
      /DOCKER_POD_NETWORK="cni".*« auto », « docker » ou « direct »/,
    );
  });

  it('reads the terminal kind and the toolbox kubectl, and refuses bad values in French', () => {
    const config = loadConfig({ TERMINAL: 'toolbox', TOOLBOX_KUBECTL: '/usr/local/bin/kubectl' });
    expect(config).toMatchObject({ terminal: 'toolbox', toolboxKubectl: '/usr/local/bin/kubectl' });
    expect(() => loadConfig({ TERMINAL: 'xterm' })).toThrow(
      /TERMINAL="xterm" : doit valoir « builtin » ou « toolbox »/,
    );
    expect(() => loadConfig({ TOOLBOX_KUBECTL: 'kubectl' })).toThrow(
      /TOOLBOX_KUBECTL="kubectl" : doit être un chemin absolu/,
    );
  });

  it('lists every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' })).toThrow(/PORT="-1".*\n.*LOG_LEVEL="loud"/);
  });
});
