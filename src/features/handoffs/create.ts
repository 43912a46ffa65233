import * as vscode from 'vscode';
import { handoffFileName, planHandoffInsertion } from '../../core/handoffs/append';
import { classifyHandoffPath } from '../../core/handoffs/discover';
import { lookupDomain } from '../../core/handoffs/names';
import { fileOwnershipProblem } from '../../core/handoffs/validate';
import type { Domain, DomainMap } from '../../core/types';
import type { ActiveDomain } from '../model/activeDomain';
import { relativeTo, type TerritoryMaps } from '../model/maps';
import { fileExists, writeRefused } from '../base/safeWrite';
import { openDocument, openForEdit } from './edit';
import type { HandoffService } from './service';

/** Answers that skip the prompts of Create Handoff (tests, other commands, other extensions). */
export interface CreateHandoffInput {
  /** Source domain (id, terminal or name); only asked for when the lead is active. */
  readonly source?: string;
  readonly target?: string;
  /** Folder-relative path of the file that needs the change. */
  readonly file?: string;
  readonly change?: string;
  readonly reason?: string;
  readonly blocking?: boolean;
}

export interface CreatedHandoff {
  readonly uri: vscode.Uri;
  /** Zero-based line of the new request's first checklist line. */
  readonly line: number;
  readonly source: string;
  readonly target: string;
  /** Why the file is not the target's, when it is not (the request is written anyway). */
  readonly ownershipWarning: string | undefined;
}

const INPUT_KEYS = ['source', 'target', 'file', 'change', 'reason', 'blocking'];

/** Command arguments: a Uri (editor, explorer, off-limits warning) and/or an input object, in any order. */
export function parseCreateArgs(args: readonly unknown[]): { uri: vscode.Uri | undefined; input: CreateHandoffInput } {
  const uri = args.find((a): a is vscode.Uri => a instanceof vscode.Uri);
  const input = args.find(
    (a): a is CreateHandoffInput =>
      typeof a === 'object' &&
      a !== null &&
      !(a instanceof vscode.Uri) &&
      !Array.isArray(a) &&
      INPUT_KEYS.some((k) => k in a),
  );
  return { uri, input: input ?? {} };
}

/**
 * Create Handoff: asks (unless given) source when the lead is active, target, file, change,
 * reason and blocking; appends the request to the source's handoff file through one undoable
 * WorkspaceEdit (creating the file when missing) and opens it at the new request.
 */
export async function createHandoff(
  maps: TerritoryMaps,
  active: ActiveDomain,
  service: HandoffService,
  uri: vscode.Uri | undefined,
  input: CreateHandoffInput,
  presetTarget?: string,
): Promise<CreatedHandoff | undefined> {
  const contextUri = uri ?? vscode.window.activeTextEditor?.document.uri;
  const folder =
    (contextUri && vscode.workspace.getWorkspaceFolder(contextUri)) ?? maps.all().find((t) => t.map)?.folder;
  const map = folder && maps.get(folder)?.map;
  if (!folder || !map) {
    void vscode.window.showErrorMessage('Create Handoff needs a domain map (territory.json or a markdown table).');
    return undefined;
  }
  const resolver = maps.get(folder)?.resolver;
  const inFolder = contextUri && contextUri.scheme === 'file' ? relativeTo(folder, contextUri) : undefined;
  // Invoked from a handoff file itself, there is no file in hand to prefill.
  const contextFile =
    inFolder !== undefined && classifyHandoffPath(inFolder, map.handoffFile) === undefined ? inFolder : undefined;

  const source = await chooseSource(map, active, input.source);
  if (!source) return undefined;
  const owner = contextFile !== undefined ? resolver?.resolve(contextFile) : undefined;
  const ownerId = owner?.kind === 'owned' ? owner.domain.id : undefined;
  const target = await chooseTarget(map, source, input.target ?? presetTarget, ownerId, contextFile);
  if (!target) return undefined;

  const check = (file: string) => fileOwnershipProblem(file, target.id, { map, resolver });
  // Answers given by the caller mean no dialog: the file in hand then stands for the File line.
  const injected = Object.keys(input).length > 0 && contextFile !== undefined;
  const file =
    input.file ??
    (injected
      ? contextFile
      : await ask('File that needs the change (relative to the folder)', contextFile ?? '', (v) => check(v.trim())));
  const change = file && (input.change ?? (await ask(`Change needed in ${file}`, '')));
  const reason = change && (input.reason ?? (await ask('Reason: why is this needed?', '')));
  if (!file || !change || !reason) return undefined;
  const blocking = input.blocking ?? (await askBlocking());
  if (blocking === undefined) return undefined;

  const request = { file: file.trim(), change, reason, blocking };
  const handoffUri = vscode.Uri.joinPath(folder.uri, handoffFileName(map.handoffFile, source.id));
  if (await writeRefused(handoffUri, folder)) return undefined;
  const exists = openDocument(handoffUri) !== undefined || (await fileExists(handoffUri));
  const opened = exists ? await openForEdit(handoffUri) : undefined;
  const plan = planHandoffInsertion(opened?.document.getText() ?? '', source.id, target.id, request);
  const edit = new vscode.WorkspaceEdit();
  if (opened) edit.insert(handoffUri, opened.document.positionAt(plan.offset), plan.text);
  else {
    edit.createFile(handoffUri, { ignoreIfExists: true });
    edit.insert(handoffUri, new vscode.Position(0, 0), plan.text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not write ${vscode.workspace.asRelativePath(handoffUri)}.`);
    return undefined;
  }
  const document = opened?.document ?? (await vscode.workspace.openTextDocument(handoffUri));
  // Terminals read the file from disk: save it, unless it holds the user's unsaved work.
  if (!opened?.wasDirty) await document.save();
  const selection = new vscode.Range(plan.requestLine, 0, plan.requestLine, 0);
  await vscode.window.showTextDocument(document, { selection, preview: false });
  service.schedule(folder, 0);
  return {
    uri: handoffUri,
    line: plan.requestLine,
    source: source.id,
    target: target.id,
    ownershipWarning: check(request.file),
  };
}

async function chooseSource(
  map: DomainMap,
  active: ActiveDomain,
  given: string | undefined,
): Promise<Domain | undefined> {
  if (given !== undefined) return resolveGiven(map, given, 'source');
  const current = map.domains.find((d) => d.id === active.id);
  if (current) return current;
  // The lead owns no handoff file: ask whose request this is.
  const picked = await vscode.window.showQuickPick(
    map.domains.map((domain) => ({ label: domain.id, description: `${domain.terminal} · ${domain.name}`, domain })),
    { title: 'Create Handoff', placeHolder: 'You are the lead: which domain is this handoff from?' },
  );
  return picked?.domain;
}

async function chooseTarget(
  map: DomainMap,
  source: Domain,
  given: string | undefined,
  ownerId: string | undefined,
  file: string | undefined,
): Promise<Domain | undefined> {
  if (given !== undefined) {
    const target = resolveGiven(map, given, 'target');
    if (target?.id === source.id) {
      void vscode.window.showErrorMessage(`A handoff goes to another domain, not to ${source.id} itself.`);
      return undefined;
    }
    return target;
  }
  const candidates = map.domains.filter((d) => d.id !== source.id);
  // The owner of the file in hand comes first, so Enter picks it.
  candidates.sort((a, b) => Number(b.id === ownerId) - Number(a.id === ownerId));
  const picked = await vscode.window.showQuickPick(
    candidates.map((domain) => ({
      label: domain.id,
      description: `${domain.terminal} · ${domain.name}`,
      detail: domain.id === ownerId && file ? `owns ${file}` : undefined,
      domain,
    })),
    { title: `Create Handoff from ${source.id}`, placeHolder: 'Which domain must make the change?' },
  );
  return picked?.domain;
}

function resolveGiven(map: DomainMap, given: string, role: string): Domain | undefined {
  const lookup = lookupDomain(given, map.domains);
  if (lookup.kind === 'found') return lookup.domain;
  void vscode.window.showErrorMessage(`"${given}" is no domain of the map (${role} of the handoff).`);
  return undefined;
}

async function ask(
  prompt: string,
  value: string,
  warn?: (value: string) => string | undefined,
): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Create Handoff',
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v.trim() === '') return 'Required: the seed format has one line for it.';
      const warning = warn?.(v);
      return warning ? { message: warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  return answer?.trim() || undefined;
}

async function askBlocking(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'No', description: 'my work goes on without it', blocking: false },
      { label: 'Yes', description: 'my work depends on this', blocking: true },
    ],
    { title: 'Create Handoff', placeHolder: 'Blocking: does your work depend on this?' },
  );
  return picked?.blocking;
}
