import * as vscode from 'vscode';
import {
  SETTINGS_SECTION,
  Setting,
  settingsFrom,
  type SettingKey,
  type SettingsReading,
  type TerritorySettings,
} from '../../core/settings';

export { Setting, type ReadonlyMode, type UnassignedPolicy } from '../../core/settings';
export const SECTION = SETTINGS_SECTION;
export type TerritoryConfig = TerritorySettings;

/** The settings in force for `scope`, typed and checked by the same reader the CLI uses, with what was ignored. */
export function readSettings(scope?: vscode.ConfigurationScope): SettingsReading {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return settingsFrom((key) => config.get(Setting[key]));
}

export function readConfig(scope?: vscode.ConfigurationScope): TerritorySettings {
  return readSettings(scope).settings;
}

/** Territory's settings changed: which keys, and for which scopes. */
export interface SettingsChange {
  /** The keys that changed for at least one scope. */
  readonly keys: ReadonlySet<SettingKey>;
  /** Whether `key` changed for `scope` (a folder, a document); for any scope when none is given. */
  affects(key: SettingKey, scope?: vscode.ConfigurationScope): boolean;
}

const KEYS = Object.keys(Setting) as SettingKey[];

/**
 * The one listener to the editor's configuration changes (as rust-analyzer's Config and GitLens's
 * configuration.onDidChange): it works out once which of Territory's keys changed and hands every
 * subscriber the same typed change. It exists while someone subscribes.
 */
let shared:
  | { readonly emitter: vscode.EventEmitter<SettingsChange>; readonly listener: vscode.Disposable; subscribers: number }
  | undefined;

/** Subscribes to changes of Territory's settings; other sections' changes never reach `listener`. */
export function onDidChangeSettings(listener: (change: SettingsChange) => void): vscode.Disposable {
  if (!shared) {
    const emitter = new vscode.EventEmitter<SettingsChange>();
    const source = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      const keys = new Set(KEYS.filter((key) => event.affectsConfiguration(`${SECTION}.${Setting[key]}`)));
      if (keys.size === 0) return;
      emitter.fire({
        keys,
        affects: (key, scope) =>
          keys.has(key) && (scope === undefined || event.affectsConfiguration(`${SECTION}.${Setting[key]}`, scope)),
      });
    });
    shared = { emitter, listener: source, subscribers: 0 };
  }
  const current = shared;
  current.subscribers++;
  const subscription = current.emitter.event(listener);
  let open = true;
  return {
    dispose: () => {
      if (!open) return;
      open = false;
      subscription.dispose();
      if (--current.subscribers > 0 || shared !== current) return;
      current.listener.dispose();
      current.emitter.dispose();
      shared = undefined;
    },
  };
}
