import type { OwnershipResolver } from '../ownership/resolver';
import type { DomainMap } from '../types';
import { DEFAULT_HANDOFF_FILE } from '../types';
import { classifyHandoffPath, type HandoffFileName } from './discover';
import { parseHandoff, sortDiagnostics, splitLinesWithOffsets } from './parse';
import type { HandoffDiagnostic, HandoffRequest, ParsedHandoffFile } from './types';

export interface HandoffContext {
  /** The map in force; without one, targets stay unresolved and nothing is checked against it. */
  readonly map: DomainMap | undefined;
  readonly resolver: OwnershipResolver | undefined;
}

/** Parses and validates one handoff file: the one entry point the extension and the CLI use. */
export function analyzeHandoffFile(relativePath: string, text: string, context: HandoffContext): ParsedHandoffFile {
  try {
    return analyze(relativePath, text, context);
  } catch (error) {
    // Whatever one file holds, it is one malformed file: the other handoff files stay in view.
    const message = `Territory could not read this handoff file (${error instanceof Error ? error.message : String(error)}); its requests are not shown.`;
    return {
      path: relativePath,
      source: { heading: undefined, headingLine: undefined, fileName: undefined, domain: undefined },
      requests: [],
      diagnostics: [
        { severity: 'error', code: 'unreadable', message, range: { line: 0, column: 0, endLine: 0, endColumn: 0 } },
      ],
    };
  }
}

function analyze(relativePath: string, text: string, context: HandoffContext): ParsedHandoffFile {
  const { map } = context;
  const name = classifyHandoffPath(relativePath, map?.handoffFile ?? DEFAULT_HANDOFF_FILE, map?.domains) ?? {
    kind: 'other',
  };
  const parsed = parseHandoff(text, {
    path: relativePath,
    domains: map?.domains,
    fileNameSource: name.kind === 'domain' ? name.domain : undefined,
  });
  const validated = validateHandoffFile(parsed, name, context);
  // Validation knows lines, not their lengths: let its diagnostics cover their whole line.
  const lengths = splitLinesWithOffsets(text).map((l) => l.text.length);
  return {
    ...validated,
    diagnostics: validated.diagnostics.map((d) =>
      d.range.endColumn > d.range.column || d.range.endLine > d.range.line
        ? d
        : { ...d, range: { ...d.range, endColumn: lengths[d.range.line] ?? 0 } },
    ),
  };
}

/**
 * Checks a parsed file against the map: a file name that names no domain, a request with no
 * file, a requested file that its target domain does not own.
 */
export function validateHandoffFile(
  parsed: ParsedHandoffFile,
  name: HandoffFileName,
  context: HandoffContext,
): ParsedHandoffFile {
  const extra: HandoffDiagnostic[] = [];
  const at = (line: number) => ({ line, column: 0, endLine: line, endColumn: 0 });
  const template = context.map?.handoffFile ?? DEFAULT_HANDOFF_FILE;
  const fromHeading = parsed.source.heading
    ? ` Its requests are taken as coming from "${parsed.source.heading}" (the heading).`
    : '';
  if (name.kind === 'unknown-domain') {
    const { hint } = name;
    const upper = name.name.toUpperCase();
    // The id in another case is no match: file names are case-sensitive, as GitHub's CODEOWNERS reads them.
    const named =
      hint === undefined
        ? ''
        : hint.id.toUpperCase() === upper
          ? `${hint.id} in another case`
          : `${hint.id}'s ${hint.terminal.toUpperCase() === upper ? 'terminal' : 'name'}`;
    const rename = hint ? ` It names ${named}: rename it ${template.replace('{domain}', hint.id)}.` : '';
    extra.push({
      severity: 'error',
      code: 'unknown-source',
      message: `${parsed.path} names "${name.name}", which is no domain of the map.${rename}${fromHeading}`,
      range: at(0),
    });
  } else if (name.kind === 'other') {
    extra.push({
      severity: 'warning',
      code: 'unknown-source',
      message: `${parsed.path} names no domain: handoff files are named ${template}, and only those belong to their domain.${fromHeading}`,
      range: at(0),
    });
  }
  for (const request of parsed.requests) {
    if (request.file === undefined) {
      const line = request.items.find((i) => i.field === 'file')?.line ?? request.startLine;
      extra.push({
        severity: 'warning',
        code: 'no-file',
        message: 'This request names no file: add "- [ ] File: `path/to/file`".',
        range: at(line),
      });
      continue;
    }
    const problem = ownershipProblem(request, context);
    if (problem) {
      const line = request.items.find((i) => i.field === 'file')?.line ?? request.startLine;
      extra.push({ severity: 'warning', code: 'file-not-owned', message: problem, range: at(line) });
    }
  }
  if (extra.length === 0) return parsed;
  return { ...parsed, diagnostics: sortDiagnostics([...parsed.diagnostics, ...extra]) };
}

/** Why the requested file is not the target's to change, or undefined when it is. */
export function ownershipProblem(request: HandoffRequest, context: HandoffContext): string | undefined {
  const target = request.target?.domain;
  if (target === undefined || request.file === undefined) return undefined;
  return fileOwnershipProblem(request.file, target, context);
}

/** Why `target` may not change `file` (folder-relative), or undefined when it owns it. */
export function fileOwnershipProblem(filePath: string, target: string, context: HandoffContext): string | undefined {
  if (!context.resolver) return undefined;
  const file = filePath.replace(/^\/+/, '');
  const ownership = context.resolver.resolve(file, file.endsWith('/'));
  switch (ownership.kind) {
    case 'owned':
      if (ownership.domain.id === target) return undefined;
      return `${file} is owned by ${ownership.domain.id} (${ownership.domain.terminal}), not by ${target}: address this request to ${ownership.domain.id}.`;
    case 'unassigned':
      return `${file} is owned by no domain (unassigned files belong to the lead), so ${target} may not change it.`;
    case 'contested':
      return `${file} is claimed by ${ownership.domains.map((d) => d.id).join(' and ')} at once (a map error), so ${target} cannot be sure to own it.`;
    case 'outside':
      return `${file} lies outside the workspace folder.`;
  }
}
