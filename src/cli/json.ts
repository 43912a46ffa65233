// The JSON the CLI prints with --json, for the fields the README calls stable: scripts, agents and
// CI read these, so a field is renamed or dropped only with a CHANGELOG entry. Each command builds
// its output as one of these types, so the compiler holds the shape to the documentation.
import type { FileViolation } from '../core/commits/attribution';
import type { Domain } from '../core/types';

export interface DiagnosticJson {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  /** From 1. */
  readonly line: number | undefined;
  readonly column: number | undefined;
}

export interface ValidateJson {
  readonly ok: boolean;
  readonly root: string;
  readonly mapFile: string | undefined;
  readonly kind: 'json' | 'markdown' | undefined;
  readonly domains: number;
  readonly files: number;
  readonly diagnostics: readonly DiagnosticJson[];
  readonly unassignedDirectories: readonly { readonly path: string; readonly files: number }[];
}

export interface OwnerJson {
  /** As given on the command line. */
  readonly path: string;
  readonly relativePath: string | undefined;
  /** A domain id, `unassigned`, `contested` or `outside`. */
  readonly owner: string;
  readonly domain?: { readonly id: string; readonly terminal: string; readonly name: string };
  readonly pattern?: string;
  readonly viaHandoff?: boolean;
  readonly contestedBy?: readonly string[];
  readonly patterns?: readonly string[];
}

export interface DomainsJson {
  readonly mapFile: string | undefined;
  readonly kind: 'json' | 'markdown' | undefined;
  readonly project: string | undefined;
  readonly branch: string | undefined;
  readonly agentsPerTerminal: number | undefined;
  readonly handoffFile: string;
  readonly domains: readonly Domain[];
}

export type HeadJson =
  | { readonly kind: 'branch'; readonly branch: string; readonly hash: string }
  | { readonly kind: 'detached'; readonly hash: string }
  | { readonly kind: 'unborn'; readonly branch: string };

export interface RangeJson {
  readonly label: string;
  readonly spec: string | null;
  readonly base: string | null;
  readonly since: string | null;
  readonly limit: number | null;
}

export interface CommitJson {
  readonly hash: string;
  readonly shortHash: string;
  readonly subject: string;
  readonly author: string;
  readonly date: string;
  readonly parents: readonly string[];
  readonly kind: string;
  readonly prefix: string | null;
  readonly files: readonly { readonly status: string; readonly path: string; readonly violation: string | null }[];
  readonly violations: readonly FileViolation[];
}

export interface CommitsJson {
  readonly root: string;
  readonly head: HeadJson;
  readonly range: RangeJson;
  readonly total: number;
  readonly loaded: number;
  readonly capped: boolean;
  readonly notices: readonly string[];
  readonly groups: readonly {
    readonly domain: string;
    readonly terminal: string;
    readonly name: string;
    readonly prefixes: readonly string[];
    readonly count: number;
    readonly violatingCommits: number;
    readonly violations: number;
    readonly commits: readonly CommitJson[];
  }[];
  readonly unattributed: { readonly count: number; readonly commits: readonly CommitJson[] };
  readonly violations: readonly {
    readonly hash: string;
    readonly shortHash: string;
    readonly subject: string;
    readonly domain: string;
    readonly path: string;
    readonly owner: string;
  }[];
}

export interface ChangeJson {
  readonly path: string;
  readonly from: string | null;
  readonly renamedTo: string | null;
  readonly index: string;
  readonly workTree: string;
  readonly conflicted: boolean;
}

export interface StatusJson {
  readonly root: string;
  readonly head: HeadJson;
  readonly operation: string | null;
  readonly notices: readonly string[];
  readonly total: number;
  readonly activeDomain: string | null;
  /** Changes the domain in force may not make; null for the lead. */
  readonly outsideActive: number | null;
  readonly groups: readonly {
    readonly owner: string;
    readonly terminal: string | null;
    readonly name: string | null;
    readonly changes: readonly ChangeJson[];
  }[];
}

export interface PromptJson {
  readonly domain: { readonly id: string; readonly terminal: string; readonly name: string };
  readonly task: string | null;
  /** The template file used; null for the built-in one. */
  readonly template: string | null;
  readonly openHandoffs: number;
  readonly prompt: string;
}

export type ExportProtocolJson = { readonly markdown: string } | { readonly file: string; readonly bytes: number };
