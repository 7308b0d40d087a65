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
  type BundleVerdict,
  exportCase,
  InspectionBundle,
  inspectionHtml,
  verifyBundle,
} from './inspection.ts';
export {
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  subtreeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
