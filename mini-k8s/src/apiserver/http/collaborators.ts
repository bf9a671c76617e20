/**
 * Collaborators are the functions the HTTP layer borrows from the other API-server modules (tables,
 * protobuf, OpenAPI). They are gathered behind one interface so the HTTP layer depends on contracts,
 * and `defaultCollaborators()` wires the real implementations.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';

/** TableOptions are the options of the tables module's buildTable. */
export interface TableOptions {
  now: Date;
  includeObject?: 'None' | 'Metadata' | 'Object';
  noHeaders?: boolean;
  resourceVersion?: string;
  continue?: string;
}

/** Collaborators is everything the HTTP layer needs from the tables, protobuf and OpenAPI modules. */
export interface Collaborators {
  /** buildTable renders objects as a meta.k8s.io/v1 Table (tables module). */
  buildTable(info: ResourceInfo, objects: KubeObject[], options: TableOptions): Record<string, unknown>;
  /** decodeProtobuf decodes a `k8s\0` protobuf envelope; throws a 400 StatusError on bad input (protobuf module). */
  decodeProtobuf(body: Uint8Array): KubeObject;
  /** findFieldProblems lists the unknown field paths of an object against its schema (OpenAPI module). */
  findFieldProblems(group: string, version: string, kind: string, obj: KubeObject): { unknown: string[] };
  /** findDuplicateFields lists duplicated field paths in a JSON text (OpenAPI module). */
  findDuplicateFields(jsonText: string): string[];
  /** pruneUnknownFields drops the fields the schema does not know (OpenAPI module). */
  pruneUnknownFields(group: string, version: string, kind: string, obj: KubeObject): KubeObject;
  /** openapiV3Index is the `/openapi/v3` discovery document. */
  openapiV3Index(): unknown;
  /** openapiV3Document is one `/openapi/v3/<gv>` document with its hash, undefined when unknown. */
  openapiV3Document(groupVersionPath: string): { body: string; hash: string } | undefined;
  /** openapiV2Document is the `/openapi/v2` JSON document, undefined when not available. */
  openapiV2Document(): string | undefined;
  /** openapiV2Protobuf is the same document in gnostic's protobuf encoding, undefined when not available. */
  openapiV2Protobuf(): Uint8Array | undefined;
}
