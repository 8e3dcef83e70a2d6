/**
 * The ConfigMap strategy: kube's ValidateConfigMap on every create and write, and the
 * `immutable` rules on update. Nothing is prepared or defaulted; a PUT of a missing ConfigMap is
 * a 404.
 * Upstream: pkg/registry/core/configmap/strategy.go
 */
import { validateConfigMap, validateConfigMapUpdate, type ConfigMap } from '@miniplane/api/validation/configMap';
import type { Strategy } from './strategy.js';

export function configMapStrategy(): Strategy {
  return {
    validate: (obj) => validateConfigMap(obj as ConfigMap),
    validateUpdate: (next, old) => validateConfigMapUpdate(next as ConfigMap, old as ConfigMap),
  };
}
