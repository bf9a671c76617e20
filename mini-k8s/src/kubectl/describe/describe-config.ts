/**
 * Describers of configuration objects: ConfigMap, Secret (sizes only, never values) and ServiceAccount
 * (its image pull, mountable and token secrets).
 */
import type { KubeObject } from '../../api/object';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, compare, eventsFor } from './describers';

/** describeConfigMap prints Data (sorted keys, each value under a `----` rule) and BinaryData sizes. */
export async function describeConfigMap(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const events = await eventsFor(ctx, obj);
  const cm = obj as KubeObject & { data?: Record<string, string>; binaryData?: Record<string, string> };
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace}\n`);
  w.labels('Labels', obj.metadata.labels);
  w.annotations('Annotations', obj.metadata.annotations);
  w.write(0, '\nData\n====\n');
  for (const key of Object.keys(cm.data ?? {}).sort(compare)) {
    w.write(0, `${key}:\n----\n`);
    w.write(0, `${cm.data![key]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  for (const key of Object.keys(cm.binaryData ?? {}).sort(compare)) {
    w.write(0, `${key}: ${Buffer.from(cm.binaryData![key], 'base64').length} bytes\n`);
  }
  w.write(0, '\n');
  if (events) w.events(events);
  return w.toString();
}

/** describeSecret prints the type and the size of each value (the token of a token secret in clear). */
export async function describeSecret(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const secret = obj as KubeObject & { type?: string; data?: Record<string, string> };
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace}\n`);
  w.labels('Labels', obj.metadata.labels);
  w.annotations('Annotations', obj.metadata.annotations);
  w.write(0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  for (const key of Object.keys(secret.data ?? {}).sort(compare)) {
    const value = Buffer.from(secret.data![key], 'base64');
    if (key === 'token' && secret.type === 'kubernetes.io/service-account-token') {
      w.write(0, `${key}:\t${value.toString('utf8')}\n`);
    } else w.write(0, `${key}:\t${value.length} bytes\n`);
  }
  return w.toString();
}

interface ServiceAccount extends KubeObject {
  secrets?: { name?: string }[];
  imagePullSecrets?: { name?: string }[];
}

const SECRETS = { group: '', version: 'v1', resource: 'secrets', namespaced: true };

/**
 * describeServiceAccount lists the image pull, mountable and token secrets (headers in that byte order),
 * marking referenced secrets that do not exist `(not found)`.
 */
export async function describeServiceAccount(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const sa = obj as ServiceAccount;
  const tokens: string[] = [];
  const missing = new Set<string>();
  try {
    const secrets = await ctx.client.list<KubeObject & { type?: string }>(SECRETS, sa.metadata.namespace);
    const existing = new Set<string>();
    for (const s of secrets.items) {
      const a = s.metadata.annotations ?? {};
      if (
        s.type === 'kubernetes.io/service-account-token' &&
        a['kubernetes.io/service-account.name'] === sa.metadata.name &&
        a['kubernetes.io/service-account.uid'] === sa.metadata.uid
      ) {
        tokens.push(s.metadata.name!);
      }
      existing.add(s.metadata.name!);
    }
    for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) {
      if (s.name !== undefined && !existing.has(s.name)) missing.add(s.name);
    }
  } catch {
    // kubectl tolerates a failed secret list: the service account is described without the token lookup.
  }
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${sa.metadata.name}\n`);
  w.write(0, `Namespace:\t${sa.metadata.namespace}\n`);
  w.labels('Labels', sa.metadata.labels);
  w.annotations('Annotations', sa.metadata.annotations);
  const sections: [string, string[]][] = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s) => s.name ?? '')],
    ['Mountable secrets: ', (sa.secrets ?? []).map((s) => s.name ?? '')],
    ['Tokens:            ', tokens],
  ];
  for (const [header, names] of sections) {
    if (names.length === 0) {
      w.write(0, `${header}\t<none>\n`);
      continue;
    }
    let prefix = header;
    for (const name of names) {
      w.write(0, `${prefix}\t${name}${missing.has(name) ? ' (not found)' : ''}\n`);
      prefix = '                   ';
    }
  }
  if (events) w.events(events);
  return w.toString();
}
