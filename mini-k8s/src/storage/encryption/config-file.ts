/**
 * The encryption configuration of a `mini-k8s up --data-dir` cluster: `encryption-config.json` next to the
 * database (mode 0600), created with one random key on first start. To rotate, add a new key at the head
 * of `keys`, restart, rewrite the Secrets, remove the old key and restart (see aes-gcm.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncryptionOptions } from './aes-gcm';
import { newEncryptionKey } from './aes-gcm';

export const ENCRYPTION_CONFIG_FILE = 'encryption-config.json';

/** loadOrCreateEncryptionConfig reads the data directory's configuration, creating it when missing. */
export function loadOrCreateEncryptionConfig(dataDir: string): EncryptionOptions {
  const path = join(dataDir, ENCRYPTION_CONFIG_FILE);
  if (existsSync(path)) {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<EncryptionOptions>;
    if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) {
      throw new Error(`${path}: "keys" must list at least one {name, secret} key`);
    }
    return { keys: parsed.keys, resources: parsed.resources ?? ['secrets'] };
  }
  const config: EncryptionOptions = { resources: ['secrets'], keys: [newEncryptionKey('key1')] };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return config;
}
