/**
 * What every verb handler receives: the parsed request, the resource it names, and the
 * server's dependencies.
 */
import type { ResourceInfo } from '@miniplane/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceRegistry } from '../registry/resourceRegistry.js';
import type { TimeSlicer } from '../timeSlicer.js';
import type { Query } from './query.js';

export interface HandlerDeps {
  registry: ResourceRegistry;
  /** Where long work (a streamed LIST, a deletecollection) runs its steps. */
  slicer: TimeSlicer;
  watch(req: FastifyRequest, reply: FastifyReply, info: ResourceInfo, namespace: string | undefined, q: Query): Promise<void> | void;
  /** Registers a long-running response's stop (called at shutdown and reset); returns its removal. */
  longRunning(stop: () => void): () => void;
}

export interface VerbRequest {
  deps: HandlerDeps;
  req: FastifyRequest;
  reply: FastifyReply;
  info: ResourceInfo;
  /** The namespace of a namespaced resource (undefined for cluster-scoped kinds). */
  ns: string | undefined;
  /** The object's name (undefined on a collection). */
  name: string | undefined;
  /** `''`, `status` or `scale`. */
  sub: string;
  q: Query;
  body: Buffer | undefined;
}
