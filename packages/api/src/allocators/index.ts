/**
 * ClusterIP and NodePort allocators: pure, synchronous, no I/O. The apiserver calls them inside
 * its SQLite write transaction; repair controllers rebuild them from the stored Services.
 */
export { AllocationBitmap, type AllocationBitmapOptions, type RangeSnapshot } from './bitmap.js';
export {
  cidrContains,
  cidrSize,
  cidrsOverlap,
  familyBits,
  formatIP,
  parseCIDR,
  parseIP,
  type IPFamily,
  type ParsedCIDR,
  type ParsedIP,
} from './cidr.js';
export {
  AllocatorError,
  AlreadyAllocated,
  InvalidRange,
  MismatchedNetwork,
  NotInRange,
  RangeFull,
  type AllocatedKind,
} from './errors.js';
export { IPAllocator, displayIP, ipRangeBandOffset, ipRangeMax, type IPAllocatorOptions } from './ipAllocator.js';
export { IPAllocatorSet, type IPAllocatorSetOptions } from './ipAllocatorSet.js';
export { PortAllocator, portRangeBandOffset, type PortAllocatorOptions } from './portAllocator.js';
export { DEFAULT_NODE_PORT_RANGE, formatPortRange, parsePortRange, portRangeContains, type PortRange } from './portRange.js';
export { randomIndex, seededRandom, type RandomSource } from './random.js';
export {
  DEFAULT_SERVICE_CLUSTER_IP_RANGE,
  parseServiceClusterIPRange,
  validateServiceClusterIPRange,
} from './serviceClusterIPRange.js';
