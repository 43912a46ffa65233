// The one mapping from Territory's diagnostic severities to VS Code's, for the map's and the
// handoff files' problems alike.
import * as vscode from 'vscode';
import type { Severity } from '../../core/types';

const VSCODE_SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function vscodeSeverity(severity: Severity): vscode.DiagnosticSeverity {
  return VSCODE_SEVERITY[severity];
}
