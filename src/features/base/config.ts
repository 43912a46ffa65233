import * as vscode from 'vscode';
import { SETTINGS_SECTION, Setting, settingsFrom, type SettingKey, type SettingsReading, type TerritorySettings } from '../../core/settings';

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

export function affects(event: vscode.ConfigurationChangeEvent, key: SettingKey, scope?: vscode.ConfigurationScope): boolean {
  return event.affectsConfiguration(`${SECTION}.${Setting[key]}`, scope);
}
