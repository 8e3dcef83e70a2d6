/**
 * Server-side apply and managedFields: the public surface of the apply module.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/managedfields, sigs.k8s.io/structured-merge-diff
 */
export { applyConfiguration, recordUpdate, type ManagerScope } from './fieldManager.js';
export { ApplyConflict, printManager, type Conflict } from './conflicts.js';
export { FieldSet, fieldPath } from './fieldSet.js';
export { pathString, type Path, type PathElement } from './fieldPath.js';
export { decodeManagedFields, encodeManagedFields, managerIdentifier, type Managed, type ManagedSet } from './managedFields.js';
export { lastAppliedAnnotation } from './lastApplied.js';
export { managerFromUserAgent, validateFieldManager } from './managerName.js';
