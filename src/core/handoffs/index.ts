export {
  applyInsertion,
  handoffFileName,
  planHandoffInsertion,
  requestLines,
  type HandoffInsertion,
  type NewHandoffRequest,
} from './append';
export { collectHandoffs, dependencyOrder, sortForLead, type DependencyOrder } from './collect';
export {
  classifyHandoffPath,
  findHandoffFiles,
  handoffDirectories,
  readHandoffTexts,
  type HandoffFileName,
} from './discover';
export { cleanName, exactDomain, lookupDomain, parseBlocking, parseFileValue, type DomainLookup } from './names';
export { handoffsJson, handoffsText, matchesFilter, type HandoffFilter } from './report';
export { parseHandoff, splitLinesWithOffsets, type ParseOptions } from './parse';
export { applyCheckboxEdits, editsApply, toggleEdits, type CheckboxEdit } from './toggle';
export * from './types';
export {
  analyzeHandoffFile,
  fileOwnershipProblem,
  ownershipProblem,
  validateHandoffFile,
  type HandoffContext,
} from './validate';
