/**
 * @miniplane/api/testing: test helpers other packages' tests use, kept out of the main entry
 * point: a protobuf encoder that writes what kubectl sends (the api package only decodes).
 */
export * from './protobufEncoder.js';
