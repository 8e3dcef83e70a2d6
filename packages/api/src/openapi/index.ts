/**
 * OpenAPI: the schemas of every served kind and the v3 documents built from them. Public
 * surface of `@miniplane/api/openapi/index`.
 */
export { openapiV3Document, openapiV3Index, openapiV3Served, groupVersionPath, type OpenAPIV3Document, type OpenAPIV3Index } from './document.js';
export { schemaNameOf, resolve, closure, listDefinition } from './definitions.js';
export { validateUnknownFields, unknownFieldSegments, dropUnknownFields, strictDecodingMessage, strictDecodingError, unknownFieldText, type FieldSegments, type KindRef } from './unknownFields.js';
export { firstTypeError } from './typeCheck.js';
export type { Schema, Definitions, GroupVersionKind } from './schema.js';
export { policyDefinitions, evictionSchemaName } from './policySchemas.js';
export { openapiV2Served, schemaToV2, type OpenAPIV2Document } from './v2Document.js';
export { openapiV2Protobuf } from './v2Protobuf.js';
