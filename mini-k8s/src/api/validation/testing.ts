/**
 * Test helpers for the validation suites: build defaulted objects and render errors the way the API
 * server's 422 message does.
 */
import { errors, type FieldError } from '../../machinery/errors';
import { applyDefaults } from '../defaults';
import type { KubeObject } from '../object';
import { parseApiVersion } from '../object';
import { validateObject } from './index';

/** defaulted returns the defaulted copy of a manifest, as the registry would validate it. */
export function defaulted(manifest: KubeObject): KubeObject {
  const { group, version } = parseApiVersion(manifest.apiVersion);
  return applyDefaults(group, version, manifest.kind, manifest);
}

/** messages validates a defaulted manifest (optionally as an update) and returns `<field>: <detail>` lines. */
export function messages(manifest: KubeObject, old?: KubeObject): string[] {
  const { group, version } = parseApiVersion(manifest.apiVersion);
  return validateObject(group, version, manifest.kind, defaulted(manifest), old && defaulted(old)).map(
    (e: FieldError) => `${e.field}: ${e.detail}`,
  );
}

/** statusMessage renders the full 422 message kubectl prints after `Error from server (Invalid): `. */
export function statusMessage(manifest: KubeObject, old?: KubeObject): string {
  const { group, version } = parseApiVersion(manifest.apiVersion);
  const errs = validateObject(group, version, manifest.kind, defaulted(manifest), old && defaulted(old));
  return errors.invalid(group, manifest.kind, manifest.metadata.name ?? '', errs).message;
}
