import * as vscode from 'vscode';
import { collectHandoffs } from '../../core/handoffs/collect';
import { isOpen } from '../../core/handoffs/types';
import type { ActiveDomain } from '../model/activeDomain';
import type { TerritoryMaps } from '../model/maps';
import { createHandoff, parseCreateArgs } from './create';
import type { HandoffEntry, HandoffService } from './service';
import { HandoffGroupNode, HandoffProblemNode, HandoffRequestNode, type HandoffsTreeProvider } from './tree';
import { registerCommand } from '../base/commandIds';
import { folderLinks, type ReportPreviews } from '../base/reportPreview';

/** A request from a tree node, an entry passed by another command, or picked from a list. */
async function entryOf(arg: unknown, service: HandoffService, placeHolder: string): Promise<HandoffEntry | undefined> {
  if (arg instanceof HandoffRequestNode) return arg.entry;
  if (typeof arg === 'object' && arg !== null && 'request' in arg && 'document' in arg) return arg as HandoffEntry;
  const picked = await vscode.window.showQuickPick(
    service.entries().map((entry) => ({
      label: `${isOpen(entry.request) ? '$(circle-outline)' : '$(pass)'} ${entry.request.file ?? entry.request.change ?? '(request)'}`,
      description: `${entry.request.source ?? '?'} → ${entry.request.target?.domain ?? entry.request.target?.raw ?? '?'}${entry.request.blocking ? ' · blocking' : ''}`,
      detail: entry.request.change,
      entry,
    })),
    { placeHolder },
  );
  return picked?.entry;
}

export function registerHandoffCommands(
  maps: TerritoryMaps,
  active: ActiveDomain,
  service: HandoffService,
  tree: HandoffsTreeProvider,
  reports: ReportPreviews,
): vscode.Disposable[] {
  return [
    registerCommand('createHandoff', (...args) => {
      const { uri, input } = parseCreateArgs(args);
      // From a target group of the view: that domain is the target.
      const group =
        args[0] instanceof HandoffGroupNode && args[0].groupBy === 'target' ? args[0].domain?.id : undefined;
      return createHandoff(maps, active, service, uri, input, group);
    }),
    registerCommand('toggleHandoffRequest', async (arg, checked) => {
      const entry = await entryOf(arg, service, 'Toggle which handoff request?');
      if (!entry) return false;
      return service.setChecked(entry, typeof checked === 'boolean' ? checked : !entry.request.checked);
    }),
    registerCommand('openHandoffFile', async (arg) => {
      if (arg instanceof HandoffProblemNode) {
        const first =
          arg.document.parsed.diagnostics.find((d) => d.severity !== 'info') ?? arg.document.parsed.diagnostics[0];
        return showAt(arg.document.uri, first?.range.line ?? 0);
      }
      const entry = await entryOf(arg, service, 'Open the handoff file of which request?');
      return entry && showAt(entry.document.uri, entry.request.startLine, entry.request.endLine);
    }),
    registerCommand('openRequestedFile', async (arg) => {
      const entry = await entryOf(arg, service, 'Open the file of which request?');
      const file = entry?.request.file;
      if (!entry || !file) return undefined;
      const uri = vscode.Uri.joinPath(entry.document.folder.uri, file.replace(/^\/+/, ''));
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        void vscode.window.showInformationMessage(
          `${file} does not exist yet: the request asks ${entry.request.target?.domain ?? 'its target'} to create it.`,
        );
        return undefined;
      }
      return vscode.commands.executeCommand('vscode.open', uri);
    }),
    registerCommand('collectHandoffs', async () => {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter(
        (f) => service.documents(f).length > 0 || maps.get(f)?.map,
      );
      const pages = folders.map((folder) =>
        collectHandoffs(
          service.documents(folder).map((d) => d.parsed),
          maps.get(folder)?.map?.domains ?? [],
          folders.length > 1 ? `Handoff collection — ${folder.name}` : 'Handoff collection',
          folderLinks(folder),
        ),
      );
      return reports.show('Handoff Collection', pages.join('\n') || '# Handoff collection\n\nNo workspace folder.\n');
    }),
    registerCommand('groupHandoffsBySource', () => tree.setGroupBy('source')),
    registerCommand('groupHandoffsByTarget', () => tree.setGroupBy('target')),
    registerCommand('refreshHandoffs', () => service.reloadAll()),
  ];
}

async function showAt(uri: vscode.Uri, line: number, endLine = line): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const end = document.lineAt(Math.min(endLine, document.lineCount - 1)).range.end;
  const editor = await vscode.window.showTextDocument(document, {
    preview: true,
    selection: new vscode.Range(line, 0, line, 0),
  });
  editor.revealRange(
    new vscode.Range(line, 0, end.line, end.character),
    vscode.TextEditorRevealType.InCenterIfOutsideViewport,
  );
  return editor;
}
