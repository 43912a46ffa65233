// Every other identifier Territory gives VS Code, in tables like CommandId (commandIds.ts): views,
// context keys (package.json `when` clauses and walkthrough events read them), workspaceState keys
// and the ids of status bar items, panels and diagnostics. scripts/check-manifest.mjs holds the
// tables against package.json and fails on any of these ids written as a string elsewhere.
import * as vscode from 'vscode';
import { SETTINGS_SECTION, Setting, type SettingKey } from '../../core/settings';

/** The views of package.json `contributes.views` (each exactly once). */
export const ViewId = {
  domains: 'territory.domains',
  handoffs: 'territory.handoffs',
  commits: 'territory.commits',
  finish: 'territory.finish',
} as const;

/** The context keys Territory sets; package.json `when` clauses and completion events read them. */
export const ContextKey = {
  hasMap: 'territory.hasMap',
  activeDomain: 'territory.activeDomain',
  activeDomainPinned: 'territory.activeDomainPinned',
  walkthroughMap: 'territory.walkthroughMap',
  walkthroughDomain: 'territory.walkthroughDomain',
  handoffsGroupBy: 'territory.handoffsGroupBy',
  /** The Finish Session view is listed once Finish Session has run in this window. */
  finishShown: 'territory.finishShown',
} as const;

/** Keys of the window's workspaceState. */
export const StateKey = {
  activeDomain: 'territory.activeDomain',
  activeDomainPinned: 'territory.activeDomainPinned',
  workspaceReadonlyEntries: 'territory.workspaceReadonlyEntries',
  /** Followed by `:` and the folder's URI. */
  promptFolder: 'territory.promptFolder',
} as const;

/** Ids of the other things Territory creates: status bar items, the board's panel, diagnostics, the walkthrough. */
export const UiId = {
  activeDomainItem: 'territory.activeDomain',
  editorOwnerItem: 'territory.editorOwner',
  sessionBoardPanel: 'territory.sessionBoard',
  handoffDiagnostics: 'territory.handoffs',
  walkthrough: 'territory.territory#gettingStarted',
} as const;

export type ContextKeyName = keyof typeof ContextKey;

/** Sets one of Territory's context keys (so a key outside the table cannot be set). */
export function setContext(key: ContextKeyName, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', ContextKey[key], value);
}

/** A setting's full name (`territory.testTask`), for the Settings editor and configuration events. */
export function settingId(key: SettingKey): string {
  return `${SETTINGS_SECTION}.${Setting[key]}`;
}
