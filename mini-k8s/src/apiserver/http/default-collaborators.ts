/**
 * defaultCollaborators wires the HTTP layer to the real tables, protobuf and OpenAPI modules (their
 * directory entry points).
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import {
  openapiV2Document,
  openapiV2Protobuf,
  openapiV3Document,
  openapiV3Index,
} from '../openapi/documents';
import { findDuplicateFields } from '../openapi/duplicate-fields';
import { findFieldProblems, pruneUnknownFields } from '../openapi/strict-fields';
import { decodeKubernetesProtobuf } from '../protobuf';
import { buildTable } from '../tables';
import type { Collaborators, TableOptions } from './collaborators';

/** defaultCollaborators returns the production collaborators. */
export function defaultCollaborators(): Collaborators {
  return {
    buildTable: (info: ResourceInfo, objects: KubeObject[], options: TableOptions) =>
      buildTable(info, objects, options) as unknown as Record<string, unknown>,
    decodeProtobuf: decodeKubernetesProtobuf,
    findFieldProblems,
    findDuplicateFields,
    pruneUnknownFields,
    openapiV3Index,
    openapiV3Document,
    openapiV2Document,
    openapiV2Protobuf,
  };
}
