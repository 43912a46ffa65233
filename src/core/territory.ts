import { readFile } from 'node:fs/promises';
import { findMapFile } from './map/discover';
import { parseJsonMap } from './map/jsonMap';
import { parseMarkdownMap } from './map/markdownMap';
import { locateInMap } from './mapLocation';
import { analyzeCoverage, coverageDiagnostics, type CoverageReport } from './ownership/coverage';
import { OwnershipResolver } from './ownership/resolver';
import { hasErrors, type DomainMap, type MapDiagnostic, type MapSourceKind, type ParsedMap } from './types';

export interface MapSource {
  /** Absolute path of the map file. */
  readonly file: string;
  readonly kind: MapSourceKind;
}

/** One reading of a folder's map file: what the file says now, good or not. */
export interface MapReading {
  readonly source: MapSource | undefined;
  readonly parsed: ParsedMap | undefined;
  readonly text: string | undefined;
  /** A problem that prevented reading any map at all (no file, unreadable file, bad setting). */
  readonly failure: string | undefined;
}

/** Finds and parses the map of the folder at `root`; never throws. */
export async function readFolderMap(root: string, configuredMapFile?: string): Promise<MapReading> {
  let source: MapSource | undefined;
  try {
    source = await findMapFile(root, configuredMapFile || undefined);
  } catch (error) {
    return {
      source: undefined,
      parsed: undefined,
      text: undefined,
      failure: error instanceof Error ? error.message : String(error),
    };
  }
  if (source === undefined) {
    const where = configuredMapFile
      ? `the configured map file "${configuredMapFile}"`
      : 'territory.json or a markdown file with a Domain Territory Map table';
    return { source, parsed: undefined, text: undefined, failure: `No domain map found: create ${where}.` };
  }
  let text: string;
  try {
    text = await readFile(source.file, 'utf8');
  } catch (error) {
    return {
      source,
      parsed: undefined,
      text: undefined,
      failure: `Cannot read ${source.file}: ${(error as Error).message}`,
    };
  }
  const parsed = parseMapText(text, source.kind);
  return { source, parsed, text, failure: undefined };
}

export function parseMapText(text: string, kind: MapSourceKind): ParsedMap {
  if (kind === 'json') return parseJsonMap(text);
  return (
    parseMarkdownMap(text) ?? {
      kind,
      map: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: 'no-territory-table',
          message:
            'This file holds no Domain Territory Map table (columns Terminal, Domain Name, Exclusive Paths, Commit Prefix).',
          range: { line: 0, column: 0, endLine: 0, endColumn: 0 },
        },
      ],
    }
  );
}

/** A map that may be put in force: it parsed and has no errors. */
export function usableMap(reading: MapReading): DomainMap | undefined {
  const parsed = reading.parsed;
  return parsed?.map !== undefined && !hasErrors(parsed.diagnostics) ? parsed.map : undefined;
}

/** Coverage of the folder's files plus the diagnostics it implies, placed on the map file. */
export function checkCoverage(
  reading: MapReading,
  map: DomainMap,
  resolver: OwnershipResolver,
  files: readonly string[],
): { report: CoverageReport; diagnostics: MapDiagnostic[] } {
  const report = analyzeCoverage(map, resolver, files);
  return { report, diagnostics: diagnoseCoverage(reading, map, report) };
}

/** The diagnostics a coverage report implies, placed on the map file (the live coverage's reports too). */
export function diagnoseCoverage(reading: MapReading, map: DomainMap, report: CoverageReport): MapDiagnostic[] {
  return coverageDiagnostics(report, (domainId, pattern) =>
    reading.text !== undefined && reading.source !== undefined
      ? locateInMap(reading.text, reading.source.kind, map, domainId, pattern)
      : undefined,
  );
}
