// A folder's file listing as the maps hold it: how it is taken (git, in two halves for the first
// map; a walk without git) and what a FolderTerritory shows of it (files, directories, whether a
// folder holds a domain's files), before and after its coverage is built.
import type * as vscode from 'vscode';
import { walkFiles } from '../../core/files';
import type { FolderContents } from '../../core/ownership/folderOwners';
import type { LiveCoverage } from '../../core/ownership/liveCoverage';
import type { Ownership, OwnershipResolver } from '../../core/ownership/resolver';
import type { PathListing } from '../../core/pathListing';
import { listRepositoryPaths, listRepositoryPathsInTwo, type RepositoryLayout } from '../../git/files';
import type { Log } from '../base/log';

export { sortedDifferences as differences } from '../../core/pathListing';

/** A folder's listing: what consumers read of the live, sorted listing (or of a Set). */
export interface ListedPaths extends Iterable<string> {
  readonly size: number;
  has(path: string): boolean;
}

/** What a FolderTerritory shows of its listing. */
export interface ListingView {
  /** The folder's files as last listed (git, else a walk), kept up to date path by path. */
  readonly files: ListedPaths;
  /** Every directory holding them. */
  readonly directories: { has(directory: string): boolean };
  /** True when some file owned by the domain lies under `directory`. */
  holdsFilesOf(domainId: string, directory: string): boolean;
  /** The owners of the files under `directory`; undefined until the coverage counts them. */
  contentsOf(directory: string): FolderContents | undefined;
}

export const EMPTY_LISTING: ListingView = {
  files: new Set<string>(),
  directories: new Set<string>(),
  holdsFilesOf: () => false,
  contentsOf: () => undefined,
};

/** The folder's files, with where it sits in git; without git a walk, and no layout. */
export async function listFolder(
  folder: vscode.WorkspaceFolder,
  log: Log,
): Promise<{ files: string[]; layout: RepositoryLayout | undefined }> {
  const listing = await listRepositoryPaths(folder.uri.fsPath);
  if (listing.ok) return { files: listing.files, layout: { prefix: listing.prefix, gitDir: listing.gitDir } };
  return walk(folder, log, listing.reason);
}

/**
 * The first listing of a map: git's tracked files first (read from the index) and, in `rest`, the
 * untracked ones, whose listing walks the whole tree and takes about ten times as long at 100,000
 * files; git starts that walk once the tracked files are in. Without git a walk, all at once.
 */
export function listFolderInTwo(
  folder: vscode.WorkspaceFolder,
  log: Log,
): {
  first: Promise<{ files: string[]; layout: RepositoryLayout | undefined; what: string }>;
  rest: Promise<string[] | undefined>;
} {
  const { tracked, untracked } = listRepositoryPathsInTwo(folder.uri.fsPath);
  const first = tracked.then(async (listing) =>
    listing.ok
      ? { files: listing.files, layout: { prefix: listing.prefix, gitDir: listing.gitDir }, what: 'tracked files' }
      : { ...(await walk(folder, log, listing.reason)), what: 'files (walk)' },
  );
  // Read only after git's tracked files: a walk lists everything at once.
  const rest = untracked.then((listing) => (listing.ok ? listing.files : undefined));
  return { first, rest };
}

async function walk(
  folder: vscode.WorkspaceFolder,
  log: Log,
  reason: string,
): Promise<{ files: string[]; layout: undefined }> {
  log.info(`${folder.name}: listing files without git (${reason})`);
  return { files: await walkFiles(folder.uri.fsPath), layout: undefined };
}

/**
 * A listing whose coverage is still being built: whether a folder holds files of a domain is
 * answered by looking at its files, first owned one wins, each answer kept until the coverage
 * (which counts them) replaces this view.
 */
export function interimView(listing: PathListing, resolver: OwnershipResolver): ListingView {
  const answers = new Map<string, boolean>();
  return {
    files: listing,
    directories: { has: (directory) => directory !== '' && listing.isDirectory(directory) },
    holdsFilesOf: (domainId, directory) => {
      const key = `${domainId}\0${directory}`;
      let answer = answers.get(key);
      if (answer === undefined) {
        answer =
          directory !== '' && listing.someWithin(directory, (path) => ownerId(resolver.resolve(path)) === domainId);
        answers.set(key, answer);
      }
      return answer;
    },
    // Counting a folder's owners here would be a pass over its files per folder; the coverage, built next, counts them all at once.
    contentsOf: () => undefined,
  };
}

function ownerId(ownership: Ownership): string | undefined {
  return ownership.kind === 'owned' ? ownership.domain.id : undefined;
}

/** What a FolderTerritory shows of the live listing: read through, never copied. */
export function listingView(live: LiveCoverage): ListingView {
  const listing = live.listing;
  return {
    files: listing,
    directories: { has: (directory) => directory !== '' && listing.isDirectory(directory) },
    holdsFilesOf: (domainId, directory) => live.holdsFilesOf(domainId, directory),
    contentsOf: (directory) => live.contentsOf(directory),
  };
}
