/**
 * Public API of the OpenAPI module: the documents served under `/openapi/v3` and `/openapi/v2`, and
 * the unknown/duplicate field checks behind `fieldValidation`.
 */
export {
  openapiV2Document,
  openapiV2Protobuf,
  openapiV3Document,
  openapiV3Index,
  SERVER_VERSION,
} from './documents';
export type { OpenApiDocument } from './documents';
export { findDuplicateFields } from './duplicate-fields';
export {
  duplicateFieldMessage,
  findFieldProblems,
  pruneUnknownFields,
  strictDecodingError,
  strictDecodingMessage,
  strictProblemMessages,
  unknownFieldMessage,
} from './strict-fields';
export type { FieldProblems } from './strict-fields';
