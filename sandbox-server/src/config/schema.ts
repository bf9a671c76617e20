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
    description: 'Runtime des conteneurs des sandboxes : `simulated` (sans Docker) ou `docker`.',
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
} as const satisfies Record<string, { default: string; description: string }>;

export type EnvName = keyof typeof ENV_SETTINGS;

const port = z.coerce
  .number({ message: 'doit être un nombre' })
  .int({ message: 'doit être un nombre entier' })
  .min(0, { message: 'doit être compris entre 0 et 65535' })
  .max(65535, { message: 'doit être compris entre 0 et 65535' });

/** configSchema validates the raw environment strings and turns them into typed settings. */
export const configSchema = z.object({
  PORT: port,
  HOST: z.string().min(1, { message: 'ne doit pas être vide' }),
  DATA_DIR: z.string().min(1, { message: 'ne doit pas être vide' }),
  SITE_DIR: z.string().min(1, { message: 'ne doit pas être vide' }),
  RUNTIME: z.enum(['simulated', 'docker'], { message: 'doit valoir « simulated » ou « docker »' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'doit valoir fatal, error, warn, info, debug, trace ou silent',
  }),
  SESSION_SECRET: z.string().refine((s) => s === '' || s.length >= 32, {
    message: 'doit faire au moins 32 caractères (ou rester vide pour un secret généré)',
  }),
});

/** Config is the validated configuration. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  siteDir: string;
  runtime: 'simulated' | 'docker';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionSecret: string;
}
