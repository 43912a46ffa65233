import { offLimitsGlobs, type OffLimitsInputs } from './ownership/offLimitsGlobs';

export interface ReadonlyGlobs {
  /** Globs (relative to the folder) of everything off-limits for the domain. */
  readonly include: string[];
  /** Files that must stay writable whoever owns them. */
  readonly exclude: string[];
}

/**
 * The `files.readonlyInclude` / `files.readonlyExclude` entries that make exactly the domain's
 * off-limits files read-only: the one off-limits compiler's globs (ownership/offLimitsGlobs.ts),
 * which write another domain's pattern as today's files and folders wherever the domain's own
 * territory may lie inside it, since VS Code's exclude beats include at any depth.
 */
export function readonlyGlobs(
  inputs: OffLimitsInputs,
  domainId: string,
  /** Files that must stay writable whoever owns them: the settings file the globs are written into. */
  writable: readonly string[] = [],
): ReadonlyGlobs {
  // VS Code's globs are written again on every change of the listing (workspaceReadonly.ts).
  const include = offLimitsGlobs({ ...inputs, live: true }, domainId).globs;
  // VS Code's exclude beats include: a read-only settings file could never be rewritten, and the
  // next domain switch would silently change nothing.
  return { include, exclude: include.length > 0 ? [...writable].sort() : [] };
}
