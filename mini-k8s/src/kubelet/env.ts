/**
 * resolveEnv builds a container's environment as the kubelet's makeEnvironmentVariables does: envFrom
 * sources first (with their prefix), then `env` entries in order, each `value` expanded with `$(VAR)`
 * references to earlier variables. Missing ConfigMaps, Secrets or keys that are not optional fail with
 * upstream's messages, which end up in `CreateContainerConfigError`.
 */
import type { KubeObject } from '../api/object';
import { ConfigError, fieldRefValue, resourceFieldValue, type DownwardContext } from './field-ref';
import type { ObjectSource } from './object-source';
import type { Container, Pod } from './types';

/** expandVars replaces `$(NAME)` with known values; `$$` escapes `$`; unknown references stay as written. */
export function expandVars(text: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '$' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      const name = text.slice(i + 2, close);
      const value = lookup(name);
      out += value ?? `$(${name})`;
      i = close;
    } else {
      out += ch;
    }
  }
  return out;
}

/** decodeSecretData turns a Secret's base64 `data` (plus `stringData`, if any) into plain text values. */
export function decodeSecretData(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((secret.data as Record<string, string> | undefined) ?? {})) {
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  for (const [key, value] of Object.entries(
    (secret.stringData as Record<string, string> | undefined) ?? {},
  )) {
    out[key] = value;
  }
  return out;
}

/** configMapData returns a ConfigMap's `data` plus decoded `binaryData`. */
export function configMapData(cm: KubeObject): Record<string, string> {
  const out: Record<string, string> = { ...((cm.data as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries((cm.binaryData as Record<string, string> | undefined) ?? {})) {
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return out;
}

/** resolveEnv returns the resolved variables in order (a later duplicate name replaces the earlier value). */
export async function resolveEnv(
  pod: Pod,
  container: Container,
  objects: ObjectSource,
  ctx: DownwardContext,
): Promise<{ name: string; value: string }[]> {
  const namespace = pod.metadata.namespace ?? 'default';
  const values = new Map<string, string>();
  const configMaps = new Map<string, Record<string, string> | undefined>();
  const secrets = new Map<string, Record<string, string> | undefined>();
  const configMap = async (name: string) => {
    if (!configMaps.has(name)) {
      const found = await objects.configMap(namespace, name);
      configMaps.set(name, found ? configMapData(found) : undefined);
    }
    return configMaps.get(name);
  };
  const secret = async (name: string) => {
    if (!secrets.has(name)) {
      const found = await objects.secret(namespace, name);
      secrets.set(name, found ? decodeSecretData(found) : undefined);
    }
    return secrets.get(name);
  };

  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (source.configMapRef) {
      const data = await configMap(source.configMapRef.name);
      if (!data) {
        if (source.configMapRef.optional) continue;
        throw new ConfigError(`configmap "${source.configMapRef.name}" not found`);
      }
      for (const [key, value] of Object.entries(data)) values.set(prefix + key, value);
    } else if (source.secretRef) {
      const data = await secret(source.secretRef.name);
      if (!data) {
        if (source.secretRef.optional) continue;
        throw new ConfigError(`secret "${source.secretRef.name}" not found`);
      }
      for (const [key, value] of Object.entries(data)) values.set(prefix + key, value);
    }
  }

  for (const env of container.env ?? []) {
    const from = env.valueFrom;
    if (!from) {
      values.set(
        env.name,
        expandVars(env.value ?? '', (name) => values.get(name)),
      );
      continue;
    }
    if (from.fieldRef) {
      values.set(env.name, fieldRefValue(pod, from.fieldRef, ctx));
    } else if (from.resourceFieldRef) {
      const target = from.resourceFieldRef.containerName
        ? [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find(
            (c) => c.name === from.resourceFieldRef!.containerName,
          )
        : container;
      values.set(env.name, resourceFieldValue(target, from.resourceFieldRef, ctx));
    } else if (from.configMapKeyRef) {
      const { name, key, optional } = from.configMapKeyRef;
      const data = await configMap(name);
      if (!data) {
        if (optional) continue;
        throw new ConfigError(`configmap "${name}" not found`);
      }
      if (!(key in data)) {
        if (optional) continue;
        throw new ConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
      }
      values.set(env.name, data[key]);
    } else if (from.secretKeyRef) {
      const { name, key, optional } = from.secretKeyRef;
      const data = await secret(name);
      if (!data) {
        if (optional) continue;
        throw new ConfigError(`secret "${name}" not found`);
      }
      if (!(key in data)) {
        if (optional) continue;
        throw new ConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
      }
      values.set(env.name, data[key]);
    }
  }
  return [...values].map(([name, value]) => ({ name, value }));
}
