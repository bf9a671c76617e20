import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyFor } from '../keys';
import { SqliteStorage } from '../sqlite/store';
import { runStorageConformance } from '../testing/conformance';
import { AESGCM_PREFIX, createEncryptionCodec, newEncryptionKey } from './aes-gcm';

const key1 = newEncryptionKey('key1');
const key2 = newEncryptionKey('key2');
const dirs: string[] = [];

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mini-k8s-enc-'));
  dirs.push(dir);
  return join(dir, 'state.db');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The whole storage contract holds with every pod and secret encrypted.
runStorageConformance('sqlite+aesgcm', async (options) => {
  const path = tempDb();
  const codec = createEncryptionCodec({ keys: [key1], resources: ['secrets', 'pods'] });
  return {
    storage: new SqliteStorage({ path, codec, ...options }),
    reopen: async () => new SqliteStorage({ path, codec, ...options }),
    cleanup: async () => undefined,
  };
});

const SECRETS = { group: '', resource: 'secrets' };
const PLAINTEXT = 'tres-secret-mot-de-passe';

function secret(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    data: { password: Buffer.from(PLAINTEXT).toString('base64') },
  };
}

function rawValues(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT value FROM kv').all() as { value: string }[]).map((r) => r.value);
  } finally {
    db.close();
  }
}

describe('AES-GCM encryption at rest', () => {
  it('never writes a Secret in clear to the database files', async () => {
    const path = tempDb();
    const storage = new SqliteStorage({ path, codec: createEncryptionCodec({ keys: [key1] }) });
    const key = keyFor(SECRETS, 'default', 'db-password');
    await storage.create(key, secret('db-password'));
    await storage.guaranteedUpdate(key, (s) => ({ ...s, metadata: { ...s.metadata, labels: { a: 'b' } } }));
    expect((await storage.get(key))?.data).toEqual(secret('x').data);
    await storage.close();
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect(bytes.includes(PLAINTEXT)).toBe(false);
      expect(bytes.includes(Buffer.from(PLAINTEXT).toString('base64'))).toBe(false);
    }
    expect(rawValues(path).every((v) => v.startsWith(`${AESGCM_PREFIX}key1:`))).toBe(true);
  });

  it('reads values written before encryption and encrypts them on the next write', async () => {
    const path = tempDb();
    const plain = new SqliteStorage({ path });
    const key = keyFor(SECRETS, 'default', 'legacy');
    await plain.create(key, secret('legacy'));
    await plain.close();
    const storage = new SqliteStorage({ path, codec: createEncryptionCodec({ keys: [key1] }) });
    expect((await storage.get(key))?.metadata.name).toBe('legacy');
    await storage.guaranteedUpdate(key, (s) => ({
      ...s,
      metadata: { ...s.metadata, labels: { rotated: 'yes' } },
    }));
    await storage.close();
    expect(rawValues(path)[0].startsWith(`${AESGCM_PREFIX}key1:`)).toBe(true);
  });

  it('rotates keys: new key first, rewrite, then the old key can go', async () => {
    const path = tempDb();
    const key = keyFor(SECRETS, 'default', 'rotating');
    const before = new SqliteStorage({ path, codec: createEncryptionCodec({ keys: [key1] }) });
    await before.create(key, secret('rotating'));
    await before.close();
    const during = new SqliteStorage({ path, codec: createEncryptionCodec({ keys: [key2, key1] }) });
    await during.guaranteedUpdate(key, (s) => ({ ...s, metadata: { ...s.metadata, labels: { k: '2' } } }));
    await during.close();
    expect(rawValues(path)[0].startsWith(`${AESGCM_PREFIX}key2:`)).toBe(true);
    const after = new SqliteStorage({ path, codec: createEncryptionCodec({ keys: [key2] }) });
    expect((await after.get(key))?.metadata.labels).toEqual({ k: '2' });
    await after.close();
    const wrong = new SqliteStorage({ path, codec: createEncryptionCodec({ keys: [key1] }) });
    await expect(wrong.get(key)).rejects.toThrow();
    await wrong.close();
  });

  it('rejects keys of the wrong size and leaves other resources in clear', () => {
    expect(() => createEncryptionCodec({ keys: [{ name: 'k', secret: 'c2hvcnQ=' }] })).toThrow(
      'must be 32 bytes',
    );
    const codec = createEncryptionCodec({ keys: [key1] });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(codec.encode('/registry/core/configmaps/default/c', cm)).toBe(JSON.stringify(cm));
    const sealed = codec.encode('/registry/core/secrets/default/s', secret('s'));
    // Bound to its key: a value copied under another key does not decrypt.
    expect(() => codec.decode('/registry/core/secrets/default/other', sealed)).toThrow();
  });
});
