export { listMapDiagnosticCodes, MAP_DIAGNOSTIC_CODES, type MapDiagnosticCode } from './codes';
export { findMapFile, kindOf, type MapFileLocation, readMapFile } from './discover';
export { parseJsonMap } from './jsonMap';
export { hasTerritoryTable, parseMarkdownMap } from './markdownMap';
export { mapToJsonText } from './toJson';
export { DOMAIN_ID_PATTERN } from './validate';
