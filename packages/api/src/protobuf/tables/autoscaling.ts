/**
 * Schema tables for the autoscaling/v1 Scale subresource. Field numbers come from
 * k8s.io/api/autoscaling/v1/generated.proto. Notation: see ../schema.ts.
 */
import type { MessageTables } from '../schema.js';

export const autoscalingTables: MessageTables = {
  'autoscaling.Scale': { 1: 'metadata: ObjectMeta', 2: 'spec: autoscaling.ScaleSpec', 3: 'status: autoscaling.ScaleStatus' },
  // Go has `replicas,omitempty` here; the zero is kept anyway so that "scale to 0" stays explicit
  // for the scale handler, which reads spec.replicas.
  'autoscaling.ScaleSpec': { 1: 'replicas: int32!' },
  'autoscaling.ScaleStatus': { 1: 'replicas: int32!', 2: 'selector: string' },
};
