/**
 * Sends a JSON reply under exactly this media type. Fastify re-quotes media type parameters
 * (`as="Table"`); kube and kubectl use the bare form (`application/json;as=Table;v=v1;g=meta.k8s.io`).
 */
import { wireJson } from './wireJson.js';
import type { FastifyReply } from 'fastify';

export function exactContentType(reply: FastifyReply, contentType: string): FastifyReply {
  return reply.header('content-type', contentType).serializer((x: unknown) => wireJson(x));
}
