/**
 * The PodSecurity plugin's check of a namespace's `pod-security.kubernetes.io/*` labels (api.PolicyToEvaluate
 * upstream): each mode's level must be privileged, baseline or restricted and each `-version` `latest` or
 * `v1.<minor>`. A namespace created with an invalid label, or updated to a new invalid one, is refused with
 * 422 `Namespace "team" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value:
 * "strict": must be one of privileged, baseline, restricted`.
 */
import type { FieldError } from '../../../machinery/errors';
import { fieldErrors } from '../../../machinery/field-errors';
import { LABEL_PREFIX } from './plugin';

const MODES = ['enforce', 'audit', 'warn'] as const;
const LEVELS = ['privileged', 'baseline', 'restricted'];
const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/** podSecurityLabelErrors lists the invalid PodSecurity labels, in upstream's order. */
export function podSecurityLabelErrors(labels: Record<string, string> | undefined): FieldError[] {
  const found: FieldError[] = [];
  for (const mode of MODES) {
    const levelLabel = `${LABEL_PREFIX}${mode}`;
    const level = labels?.[levelLabel];
    if (level !== undefined && !LEVELS.includes(level)) {
      found.push(
        fieldErrors.invalid(`metadata.labels[${levelLabel}]`, level, `must be one of ${LEVELS.join(', ')}`),
      );
    }
    const versionLabel = `${levelLabel}-version`;
    const version = labels?.[versionLabel];
    if (version !== undefined && version !== 'latest' && !VERSION.test(version)) {
      found.push(
        fieldErrors.invalid(`metadata.labels[${versionLabel}]`, version, 'must be "latest" or "v1.x"'),
      );
    }
  }
  return found;
}
