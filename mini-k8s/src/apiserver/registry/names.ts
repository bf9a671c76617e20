/**
 * validateMetadataName is the name part of ValidateObjectMeta on create: generateName must be a valid
 * prefix, name is required (`name or generateName is required`) and must follow the resource's rule.
 */
import type { ObjectMeta } from '../../api/object';
import type { FieldError } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import type { NameValidator } from '../../machinery/names';
import {
  nameIsDns1035Label,
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  nameIsPathSegment,
} from '../../machinery/names';
import type { NameRule } from './strategy';

const VALIDATORS: Record<NameRule, NameValidator> = {
  subdomain: nameIsDnsSubdomain,
  label: nameIsDnsLabel,
  dns1035: nameIsDns1035Label,
  pathSegment: nameIsPathSegment,
};

export function validateMetadataName(rule: NameRule, meta: ObjectMeta): FieldError[] {
  const validator = VALIDATORS[rule];
  const out: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of validator(meta.generateName, true)) {
      out.push(fieldErrors.invalid('metadata.generateName', meta.generateName, msg));
    }
  }
  if (!meta.name) {
    out.push(fieldErrors.required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of validator(meta.name, false))
      out.push(fieldErrors.invalid('metadata.name', meta.name, msg));
  }
  return out;
}
