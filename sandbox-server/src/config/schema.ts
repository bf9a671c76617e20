/**
 * The server's configuration: every setting comes from an environment variable with an embedded default,
 * validated with zod. A bad value stops the start with a French message naming the variable.
 */
import { z } from 'zod';

/** ENV_SETTINGS documents each environment variable; the README's configuration table follows it. */
export const ENV_SETTINGS = {
  PORT: { default: '8080', description: "Port HTTP d'écoute du serveur (site + API)." },
  HOST: { default: '0.0.0.0', description: "Adresse d'écoute (0.0.0.0 : toutes les interfaces)." },
  DATA_DIR: {
    default: './data',
    description: 'Dossier des données persistantes (base SQLite, état des clusters).',
  },
  SITE_DIR: { default: './dist', description: 'Dossier du site construit par Astro (`npm run build:site`).' },
  RUNTIME: {
    default: 'simulated',
    description:
      'Runtime des conteneurs des sandboxes : `simulated` (sans Docker), `docker`, ou `kubernetes` (les Pods des apprenants sont des Pods d’un cluster Kubernetes hôte, un namespace par sandbox ; voir HOST_KUBECONFIG).',
  },
  HOST_KUBECONFIG: {
    default: '',
    description:
      "Avec RUNTIME=kubernetes : kubeconfig du cluster hôte (contexte courant ; jeton, fichier de jeton ou certificat client ; autorité en données ou en fichier). Vide : le compte de service du Pod de la plateforme (/var/run/secrets/kubernetes.io/serviceaccount, KUBERNETES_SERVICE_HOST/PORT), ce qu'utilise le chart Helm.",
  },
  HOST_NAMESPACE_PREFIX: {
    default: 'atelier-',
    description:
      'Avec RUNTIME=kubernetes : préfixe des namespaces des sandboxes sur le cluster hôte (suivi de 16 caractères hexadécimaux). Les namespaces de ce préfixe qui n’appartiennent plus à aucune sandbox sont supprimés au démarrage.',
  },
  HOST_SANDBOX_PODS: {
    default: '50',
    description:
      'Avec RUNTIME=kubernetes : Pods au plus dans le namespace hôte d’une sandbox (ResourceQuota). Un Pod d’apprenant y compte pour 1 + son nombre de conteneurs (un Pod « ancre » plus un Pod par conteneur) : prévoyez au moins le double du nombre de Pods que vos exercices lancent.',
  },
  HOST_SANDBOX_CPU: {
    default: '4',
    description:
      'Avec RUNTIME=kubernetes : total des limites CPU des Pods d’une sandbox sur l’hôte (ResourceQuota).',
  },
  HOST_SANDBOX_MEMORY: {
    default: '4Gi',
    description:
      'Avec RUNTIME=kubernetes : total des limites mémoire des Pods d’une sandbox sur l’hôte (ResourceQuota).',
  },
  HOST_SANDBOX_STORAGE: {
    default: '5Gi',
    description:
      'Avec RUNTIME=kubernetes : stockage total demandé par les volumes d’une sandbox sur l’hôte (ResourceQuota).',
  },
  HOST_SANDBOX_SERVICES: {
    default: '30',
    description:
      'Avec RUNTIME=kubernetes : Services au plus dans le namespace hôte d’une sandbox (ResourceQuota) : chaque Service de l’apprenant y a son reflet (ClusterIP ou headless, jamais NodePort ni LoadBalancer), plus le Service `kube-dns` de la sandbox.',
  },
  HOST_DNS_ADDRESS: {
    default: '',
    description:
      'Avec RUNTIME=kubernetes : adresse IPv4 de la plateforme que les Pods des apprenants joignent sur le cluster hôte (l’IP du Pod de la plateforme ; le chart Helm la donne). La plateforme y sert le DNS des clusters des apprenants (`web`, `web.<ns>`, `web.<ns>.svc.cluster.local` ; les autres noms reçoivent SERVFAIL : les Pods des apprenants n’ont pas d’accès extérieur). Vide : pas de DNS de cluster pour les apprenants (les Services restent joignables par l’IP de leur reflet sur l’hôte).',
  },
  HOST_DNS_PORT: {
    default: '10053',
    description:
      'Avec RUNTIME=kubernetes et HOST_DNS_ADDRESS : port UDP et TCP de ce DNS (non privilégié ; le Service `kube-dns` de chaque sandbox y renvoie son port 53).',
  },
  HOST_DNS_POD_NAMESPACE: {
    default: '',
    description:
      'Avec HOST_DNS_ADDRESS : namespace du Pod de la plateforme, pour que la NetworkPolicy `allow-cluster-dns` des sandboxes le désigne aussi par sélecteur (certains CNI, comme Cilium, ignorent `ipBlock` pour les IP de Pods). Le chart Helm le donne.',
  },
  HOST_DNS_POD_LABELS: {
    default: '',
    description:
      'Avec HOST_DNS_POD_NAMESPACE : labels du Pod de la plateforme (`clé=valeur,clé=valeur`) pour ce même sélecteur.',
  },
  TERMINAL: {
    default: 'builtin',
    description:
      "Terminal de la page : `builtin` (shell intégré, sans Docker) ou `toolbox` (un conteneur « boîte à outils » par sandbox sur son réseau Docker : sh, vi, wget, nc et le vrai kubectl). `toolbox` s'applique aux sandboxes exécutées par Docker quand le serveur a HTTPS et un binaire kubectl ; les autres gardent le shell intégré.",
  },
  TOOLBOX_KUBECTL: {
    default: '',
    description:
      'Avec TERMINAL=toolbox : binaire kubectl (Linux, autonome) copié dans l’image de la boîte à outils. Vide : celui du PATH (kubectl.1.32 à côté du kubectl de Google Cloud SDK en priorité).',
  },
  SHELL_KUBECTL: {
    default: 'builtin',
    description:
      "kubectl du shell intégré : `builtin` (le kubectl TypeScript de la plateforme) ou `binary` (le vrai binaire kubectl du serveur, celui de TOOLBOX_KUBECTL ou du PATH, lancé sans shell contre l'API HTTPS de la plateforme avec un kubeconfig propre à chaque sandbox dans DATA_DIR/shell-kubectl). `binary` exige HTTPS_PORT et un binaire kubectl ; sinon le kubectl TypeScript reste. Ce kubeconfig n'est pas le ~/.kube/config du shell : `kubectl config use-context` ne modifie que celui du binaire.",
  },
  SANDBOX_SYNC: {
    default: 'normal',
    description:
      "Écriture de l'état des clusters : `normal` (une écriture confirmée survit à l'arrêt brutal du serveur, kill -9, mais pas à une coupure de courant de la machine ; beaucoup plus rapide) ou `full` (chaque écriture est synchronisée sur le disque : survit aussi à une coupure de courant).",
  },
  DOCKER_POD_NETWORK: {
    default: 'auto',
    description:
      "Avec le runtime Docker : réseau des Pods. `direct` : la plateforme branche elle-même chaque Pod sur le pont de sa sandbox par une paire veth, sans réseau Docker pour le conteneur pause (un démarrage de Pod environ deux fois plus court côté bac à sable). Il exige que la plateforme tourne en root sur la machine de Docker (CAP_NET_ADMIN et CAP_SYS_ADMIN, `ip` et `nsenter`), pas derrière le proxy de socket de la pile Compose ; sinon elle refuse de démarrer en disant pourquoi. `docker` : un point de connexion Docker par Pod, sans privilège. `auto` (le défaut) : `direct` quand la plateforme détient déjà ces droits (elle en a besoin de toute façon pour les règles iptables des Services, des NetworkPolicy et de l'isolation), `docker` sinon ; le choix et sa raison sont écrits une fois dans le journal au démarrage.",
  },
  DOCKER_FILES_DIR: {
    default: '',
    description:
      'Avec RUNTIME=docker : dossier (sur un tmpfs de la machine) des fichiers ConfigMap, Secret et jetons montés dans les Pods. Vide : /dev/shm. À définir quand la plateforme tourne elle-même dans un conteneur (même chemin dedans et dehors).',
  },
  LOG_LEVEL: {
    default: 'info',
    description: 'Niveau des journaux : fatal, error, warn, info, debug, trace, silent.',
  },
  SESSION_SECRET: {
    default: '',
    description:
      'Secret de signature des cookies des apprenants. Vide : généré au premier démarrage et conservé dans DATA_DIR.',
  },
  HTTPS_PORT: {
    default: '',
    description:
      "Port HTTPS (site, API et API Kubernetes des apprenants sous /k8s/<id>). Vide : pas d'HTTPS ; kubectl n'envoie son jeton qu'en HTTPS, le kubeconfig n'est alors pas proposé.",
  },
  TLS_CERT: {
    default: '',
    description:
      'Certificat HTTPS (fichier PEM). Vide avec HTTPS_PORT défini : une autorité et un certificat auto-signés sont créés dans DATA_DIR/pki.',
  },
  TLS_KEY: { default: '', description: 'Clé privée du certificat HTTPS (fichier PEM), avec TLS_CERT.' },
  TLS_CA: {
    default: '',
    description:
      "Autorité (fichier PEM) à inscrire dans les kubeconfig avec TLS_CERT ; vide : les autorités du système de l'apprenant.",
  },
  TLS_HOSTS: {
    default: '',
    description:
      'Noms et adresses supplémentaires (séparés par des virgules) du certificat auto-signé, en plus de localhost, 127.0.0.1 et du nom de la machine.',
  },
  PUBLIC_HTTPS_URL: {
    default: '',
    description:
      "Adresse HTTPS publique de la plateforme quand un proxy inverse (Ingress, répartiteur) termine TLS devant elle, par exemple https://atelier.example.org : les kubeconfig des apprenants pointent vers elle (sous /k8s/<id>), même sans HTTPS_PORT. Vide : l'écoute HTTPS_PORT de la plateforme.",
  },
  PUBLIC_HTTPS_CA: {
    default: '',
    description:
      "Autorité (fichier PEM) du certificat servi à PUBLIC_HTTPS_URL, inscrite dans les kubeconfig ; vide : les autorités du système de l'apprenant (certificat public, Let's Encrypt…).",
  },
  MAX_SANDBOXES: {
    default: '2000',
    description: 'Nombre maximal de sandboxes (hors expirées) ; au-delà, la création répond 503.',
  },
  SANDBOX_NODES: {
    default: '3',
    description: "Nombre de nœuds d'un cluster de sandbox (controlplane + workers).",
  },
  SANDBOX_IDLE_MINUTES: {
    default: '15',
    description:
      "Minutes d'inactivité avant qu'une sandbox s'endorme (état conservé sur disque, mémoire libérée).",
  },
  SANDBOX_LIFETIME_HOURS: {
    default: '168',
    description:
      'Durée de vie totale d’une sandbox, en heures, avant expiration (prolongeable par le formateur).',
  },
  SIMULATION_SPEED: {
    default: '1',
    description:
      'Vitesse des délais simulés (téléchargement d’images, démarrages, redémarrages) : 1 réaliste, 0 instantané, jusqu’à 10.',
  },
  SANDBOX_MAX_OBJECTS: {
    default: '2000',
    description: 'Nombre maximal d’objets Kubernetes par sandbox (quota vérifié à chaque création).',
  },
  SANDBOX_MAX_PODS: {
    default: '100',
    description:
      'Nombre maximal de Pods par sandbox (création directe, ou réplicas demandés à un Deployment, ReplicaSet, StatefulSet).',
  },
  SANDBOX_MAX_WATCHES: {
    default: '30',
    description:
      'Nombre maximal de connexions de suivi simultanées par sandbox (kubectl --watch, carte du cluster, vérification continue).',
  },
  LEARNER_RATE: {
    default: '50',
    description: 'Requêtes par seconde autorisées par apprenant (seau à jetons, rafales du double).',
  },
  BODY_LIMIT_KB: {
    default: '3072',
    description: "Taille maximale d'un corps de requête, en Kio (3 Mio comme l'API Kubernetes).",
  },
  INSTRUCTOR_TOKEN: {
    default: '',
    description:
      "Jeton du formateur (en-tête `Authorization: Bearer …`) pour les routes d'atelier. Vide : ateliers désactivés.",
  },
  COOKIE_DAYS: {
    default: '30',
    description: "Durée de validité, en jours, du cookie d'identité d'un apprenant.",
  },
  DATABASE_URL: {
    default: '',
    description:
      'Base PostgreSQL partagée (`postgres://utilisateur:motdepasse@hôte:5432/base`) pour plusieurs réplicas. Vide : SQLite dans DATA_DIR.',
  },
} as const satisfies Record<string, { default: string; description: string }>;

export type EnvName = keyof typeof ENV_SETTINGS;

/** positive accepts a whole number from 1 to max (the cap keeps a typo from exhausting the machine). */
function positive(max: number) {
  return z.coerce
    .number({ message: 'doit être un nombre' })
    .int({ message: 'doit être un nombre entier' })
    .min(1, { message: `doit être compris entre 1 et ${max}` })
    .max(max, { message: `doit être compris entre 1 et ${max}` });
}

const port = z.coerce
  .number({ message: 'doit être un nombre' })
  .int({ message: 'doit être un nombre entier' })
  .min(0, { message: 'doit être compris entre 0 et 65535' })
  .max(65535, { message: 'doit être compris entre 0 et 65535' });

/** parseLabels reads `k=v,k2=v2` (Kubernetes label keys and values), undefined when malformed. */
export function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const m =
      /^\s*((?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)=([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\s*$/.exec(
        pair,
      );
    if (!m) return undefined;
    labels[m[1]] = m[4] ?? '';
  }
  return labels;
}

/** quantity accepts a Kubernetes resource quantity such as `4`, `500m`, `4Gi`. */
const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, {
  message: 'doit être une quantité Kubernetes (par exemple 4, 500m, 4Gi)',
});

/** configSchema validates the raw environment strings and turns them into typed settings. */
export const configSchema = z
  .object({
    PORT: port,
    HOST: z.string().min(1, { message: 'ne doit pas être vide' }),
    DATA_DIR: z.string().min(1, { message: 'ne doit pas être vide' }),
    SITE_DIR: z.string().min(1, { message: 'ne doit pas être vide' }),
    RUNTIME: z.enum(['simulated', 'docker', 'kubernetes'], {
      message: 'doit valoir « simulated », « docker » ou « kubernetes »',
    }),
    HOST_KUBECONFIG: z.string(),
    HOST_NAMESPACE_PREFIX: z.string().regex(/^[a-z0-9][-a-z0-9]{0,39}$/, {
      message:
        'doit commencer par une lettre minuscule ou un chiffre, puis lettres minuscules, chiffres et tirets (40 caractères au plus)',
    }),
    HOST_SANDBOX_PODS: positive(10_000),
    HOST_SANDBOX_CPU: quantity,
    HOST_SANDBOX_MEMORY: quantity,
    HOST_SANDBOX_STORAGE: quantity,
    HOST_SANDBOX_SERVICES: positive(1_000),
    HOST_DNS_ADDRESS: z
      .string()
      .refine(
        (s) =>
          s === '' || /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(s),
        {
          message: 'doit être une adresse IPv4 (ou rester vide)',
        },
      ),
    HOST_DNS_PORT: port,
    HOST_DNS_POD_NAMESPACE: z.string().regex(/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)?$/, {
      message: 'doit être un nom de namespace (ou rester vide)',
    }),
    HOST_DNS_POD_LABELS: z.string().refine((s) => s === '' || parseLabels(s) !== undefined, {
      message: 'doit être une liste clé=valeur séparée par des virgules (ou rester vide)',
    }),
    TERMINAL: z.enum(['builtin', 'toolbox'], { message: 'doit valoir « builtin » ou « toolbox »' }),
    TOOLBOX_KUBECTL: z.string().refine((s) => s === '' || s.startsWith('/'), {
      message: 'doit être un chemin absolu (ou rester vide)',
    }),
    SHELL_KUBECTL: z.enum(['builtin', 'binary'], { message: 'doit valoir « builtin » ou « binary »' }),
    SANDBOX_SYNC: z.enum(['normal', 'full'], { message: 'doit valoir « normal » ou « full »' }),
    DOCKER_POD_NETWORK: z.enum(['auto', 'docker', 'direct'], {
      message: 'doit valoir « auto », « docker » ou « direct »',
    }),
    DOCKER_FILES_DIR: z.string().refine((s) => s === '' || s.startsWith('/'), {
      message: 'doit être un chemin absolu (ou rester vide)',
    }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'doit valoir fatal, error, warn, info, debug, trace ou silent',
    }),
    SESSION_SECRET: z.string().refine((s) => s === '' || s.length >= 32, {
      message: 'doit faire au moins 32 caractères (ou rester vide pour un secret généré)',
    }),
    HTTPS_PORT: z.union([z.literal(''), port]),
    TLS_CERT: z.string(),
    TLS_KEY: z.string(),
    TLS_CA: z.string(),
    TLS_HOSTS: z.string(),
    PUBLIC_HTTPS_URL: z.string().refine(isPublicHttpsUrl, {
      message: 'doit être une adresse https:// sans requête ni fragment (ou rester vide)',
    }),
    PUBLIC_HTTPS_CA: z.string(),
    MAX_SANDBOXES: positive(100_000),
    SANDBOX_NODES: positive(10),
    SANDBOX_IDLE_MINUTES: positive(10_080),
    SANDBOX_LIFETIME_HOURS: positive(87_600),
    SANDBOX_MAX_OBJECTS: positive(1_000_000),
    SANDBOX_MAX_PODS: positive(100_000),
    SANDBOX_MAX_WATCHES: positive(10_000),
    SIMULATION_SPEED: z.coerce
      .number({ message: 'doit être un nombre' })
      .min(0, { message: 'doit être compris entre 0 et 10' })
      .max(10, { message: 'doit être compris entre 0 et 10' }),
    LEARNER_RATE: positive(100_000),
    BODY_LIMIT_KB: positive(1_048_576),
    INSTRUCTOR_TOKEN: z.string().refine((s) => s === '' || s.length >= 16, {
      message: 'doit faire au moins 16 caractères (ou rester vide pour désactiver les ateliers)',
    }),
    COOKIE_DAYS: positive(3650),
    DATABASE_URL: z.string().refine((s) => s === '' || /^postgres(ql)?:\/\/./.test(s), {
      message: 'doit commencer par postgres:// ou postgresql:// (ou rester vide pour SQLite)',
    }),
  })
  .refine((c) => (c.TLS_CERT === '') === (c.TLS_KEY === ''), {
    path: ['TLS_KEY'],
    message: 'TLS_CERT et TLS_KEY vont ensemble : définissez les deux ou aucun',
  });

/** Config is the validated configuration. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  siteDir: string;
  runtime: 'simulated' | 'docker' | 'kubernetes';
  /** RUNTIME=kubernetes: how to reach the host cluster and what each sandbox may take from it. */
  kubernetesHost?: KubernetesHostSettings;
  /** The page's terminal: the built-in shell, or the toolbox container for Docker sandboxes. */
  terminal: 'builtin' | 'toolbox';
  /** TERMINAL=toolbox: the kubectl binary to ship in the toolbox; undefined = search PATH. */
  toolboxKubectl?: string;
  /** The built-in shell's kubectl: ours (TypeScript) or the server's real binary (needs HTTPS). */
  shellKubectl: 'builtin' | 'binary';
  /** Docker runtime: where pods' ConfigMap/Secret/token files live; undefined = /dev/shm. */
  dockerFilesDir?: string;
  /** Durability of sandbox cluster writes: `normal` survives kill -9, `full` also power loss. */
  sandboxSync: 'normal' | 'full';
  /**
   * How Docker pods get their network (`DOCKER_POD_NETWORK`); `auto` is settled at start-up
   * (`choosePodNetwork`) and the mode taken is handed to every sandbox's Docker runtime.
   */
  dockerPodNetwork: 'auto' | 'docker' | 'direct';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionSecret: string;
  /** HTTPS listener; undefined when HTTPS_PORT is empty. */
  https?: HttpsSettings;
  /** PUBLIC_HTTPS_URL/PUBLIC_HTTPS_CA: the HTTPS origin a reverse proxy serves in front of the platform. */
  publicHttps?: { url: string; caFile?: string };
  sandboxes: SandboxSettings;
  /** Requests per second per learner (token bucket of twice that capacity). */
  learnerRate: number;
  bodyLimitBytes: number;
  /** Empty: workshop routes are disabled. */
  instructorToken: string;
  cookieMaxAgeSeconds: number;
  /** PostgreSQL connection string; undefined means SQLite in DATA_DIR. */
  databaseUrl?: string;
}

/** KubernetesHostSettings configure the host cluster of RUNTIME=kubernetes. */
export interface KubernetesHostSettings {
  /** A kubeconfig file; undefined: in-cluster (the platform pod's service account). */
  kubeconfig?: string;
  namespacePrefix: string;
  /** The ResourceQuota of each sandbox namespace. */
  maxPods: number;
  cpuLimits: string;
  memoryLimits: string;
  storage: string;
  /** Services at most per sandbox namespace. */
  maxServices: number;
  /** The learners' cluster DNS served by the platform; undefined: none (HOST_DNS_ADDRESS empty). */
  dns?: {
    address: string;
    port: number;
    /** The platform's pod, for the sandboxes' NetworkPolicy (besides its address). */
    platformPeer?: { namespace: string; podLabels: Record<string, string> };
  };
}

/** isPublicHttpsUrl accepts '' or an absolute https URL with no query, fragment or credentials. */
function isPublicHttpsUrl(s: string): boolean {
  if (s === '') return true;
  try {
    const url = new URL(s);
    return url.protocol === 'https:' && !url.search && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** HttpsSettings configure the optional HTTPS listener. */
export interface HttpsSettings {
  port: number;
  /** PEM files given by TLS_CERT/TLS_KEY (/TLS_CA); undefined means a self-signed CA under DATA_DIR/pki. */
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  /** Extra names for the self-signed certificate. */
  hosts: string[];
}

/** SandboxSettings are the limits of the learners' clusters. */
export interface SandboxSettings {
  max: number;
  nodes: number;
  idleMs: number;
  lifetimeMs: number;
  maxObjects: number;
  /** Pods per sandbox (direct creations and replicas asked of workloads through /k8s). */
  maxPods: number;
  /** Concurrent watches per sandbox (/k8s watch requests and the map / continuous-check streams). */
  maxWatches: number;
  /** Scale of the simulated delays of the sandboxes' clusters (0 instant, 1 realistic). */
  speed: number;
}
