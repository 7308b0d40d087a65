export {
  AuditorKey,
  Checkpoint,
  checkpointsConsistent,
  createCheckpoint,
  eventLeaf,
  type LogVerdict,
  logLeaves,
  proveInclusion,
  verifyLog,
} from './checkpoint.ts';
export {
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  subtreeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
