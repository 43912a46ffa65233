import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HandoffRequest } from '../../core/handoffs/types';
import { checkTemplate, DEFAULT_TEMPLATE, generatePrompt, TEMPLATE_FILE } from '../../core/prompts';
import { exportProtocol } from '../../core/prompts/protocol';
import {
  editSessionText,
  EMPTY_PLAN,
  parseSessionPlan,
  SESSION_FILE,
  type SessionPlan,
  type SessionProblem,
} from '../../core/session';
import { designatedBranch, type DesignatedBranch } from '../../core/sessionBranch';
import type { Domain } from '../../core/types';
import { readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { assertWriteInFolder } from '../base/safeWrite';

/** Open handoff requests addressed to a domain (wired by the handoffs feature). */
export type OpenRequestsFor = (territory: FolderTerritory, domainId: string) => readonly HandoffRequest[];

/** Generates terminal prompts from the map, the session plan and the user's template. */
export class PromptService extends Disposable {
  private readonly templateDiagnostics = this.register(
    vscode.languages.createDiagnosticCollection('territory-prompts'),
  );
  private readonly sessionDiagnostics = this.register(vscode.languages.createDiagnosticCollection('territory-session'));
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangePlan = this.changed.event;
  private readonly plans = new Map<string, SessionPlan>();
  /**
   * `launchDir`: where Launch Domain Terminals keeps the prompts it hands over (extension storage);
   * `openRequestsFor`: the handoffs feature's open requests to a domain, for its prompt.
   */
  constructor(
    private readonly maps: TerritoryMaps,
    private readonly launchDir: vscode.Uri,
    private readonly openRequestsFor: OpenRequestsFor,
  ) {
    super();
    this.register(
      maps.files.onDidChangeFile((event) => {
        if (/^\.territory\/[^/]*\.(json|md)$/.test(event.path)) void this.reloadPlans();
      }),
    );
    this.register(maps.onDidChange(() => this.reloadPlans()));
  }

  plan(territory: FolderTerritory): SessionPlan {
    return this.plans.get(territory.folder.uri.toString()) ?? EMPTY_PLAN;
  }

  async reloadPlans(): Promise<void> {
    for (const territory of this.maps.all()) {
      const uri = vscode.Uri.joinPath(territory.folder.uri, SESSION_FILE);
      const text = await readOptional(uri);
      const reading = text === undefined ? undefined : parseSessionPlan(text, territory.map);
      this.sessionDiagnostics.set(uri, (reading?.problems ?? []).map(toDiagnostic));
      // A broken file (a half-typed edit) keeps the last good plan in force.
      if (reading?.broken) continue;
      this.plans.set(territory.folder.uri.toString(), reading?.plan ?? EMPTY_PLAN);
    }
    this.changed.fire();
  }

  /** The prompt of a domain: user template if present (its unknown placeholders become diagnostics). */
  async prompt(territory: FolderTerritory, domain: Domain, task?: string): Promise<string> {
    if (!territory.map) throw new Error('no domain map');
    const templateUri = vscode.Uri.joinPath(territory.folder.uri, TEMPLATE_FILE);
    const template = (await readOptional(templateUri)) ?? DEFAULT_TEMPLATE;
    this.templateDiagnostics.set(
      templateUri,
      checkTemplate(template).map((p) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(p.line, p.column, p.line, p.column + p.length),
          p.message,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = 'territory';
        return d;
      }),
    );
    const config = readConfig(territory.folder);
    return generatePrompt(
      territory.map,
      domain.id,
      {
        task: task ?? this.plan(territory).tasks[domain.id],
        unassignedPolicy: config.unassigned,
        unassigned: territory.coverage?.unassignedCover,
        openHandoffs: this.openRequestsFor(territory, domain.id),
        branch: this.designatedBranch(territory).branch,
      },
      template,
    );
  }

  /**
   * Writes the prompt a launched terminal gets. It lives in the extension's storage, not the
   * workspace: a launch must not leave untracked files that show up as changes outside every domain.
   */
  async writeLaunchPrompt(territory: FolderTerritory, domain: Domain): Promise<vscode.Uri> {
    const dir = vscode.Uri.joinPath(
      this.launchDir,
      'prompts',
      `${territory.folder.index}-${territory.folder.name.replace(/[^\w.-]+/g, '_')}`,
    );
    return this.writePromptIn(dir, territory, domain);
  }

  /** Writes the domain's prompt to the prompt folder; returns the file. */
  async writePrompt(
    territory: FolderTerritory,
    domain: Domain,
    folder = readConfig(territory.folder).promptFolder,
  ): Promise<vscode.Uri> {
    return this.writePromptIn(insideFolder(territory.folder, folder), territory, domain);
  }

  private async writePromptIn(dir: vscode.Uri, territory: FolderTerritory, domain: Domain): Promise<vscode.Uri> {
    const file = vscode.Uri.joinPath(dir, `${domain.id}.md`);
    await assertWriteInFolder(file, territory.folder);
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(await this.prompt(territory, domain)));
    return file;
  }

  exportProtocol(territory: FolderTerritory): string {
    if (!territory.map) throw new Error('no domain map');
    const config = readConfig(territory.folder);
    return exportProtocol(territory.map, this.plan(territory), {
      branch: this.designatedBranch(territory).branch,
      unassignedPolicy: config.unassigned,
      unassigned: territory.coverage?.unassignedCover,
    });
  }

  /**
   * Writes the goal, the tasks and (when given) the session branch into the session file, changing
   * only those keys. Refuses (with the reason) when the file is not valid JSON or has unsaved
   * edits: either would be lost.
   */
  async savePlan(
    territory: FolderTerritory,
    goal: string,
    tasks: Record<string, string>,
    branch?: string,
  ): Promise<void> {
    const uri = vscode.Uri.joinPath(territory.folder.uri, SESSION_FILE);
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) {
      throw new Error(`${SESSION_FILE} has unsaved changes in an editor: save or revert them, then plan again`);
    }
    let text: string;
    try {
      text = editSessionText(
        (await readOptional(uri)) ?? '{}\n',
        { goal, tasks, branch: branch === '' ? null : branch },
        territory.map,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; fix it, then plan again`);
    }
    await assertWriteInFolder(uri, territory.folder);
    await vscode.workspace.fs.createDirectory(
      vscode.Uri.joinPath(territory.folder.uri, path.posix.dirname(SESSION_FILE)),
    );
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await this.reloadPlans();
  }

  /** The branch every terminal pushes to: the plan's, else the map's when it names a real branch. */
  designatedBranch(territory: FolderTerritory): DesignatedBranch {
    return designatedBranch(this.plan(territory).branch, territory.map?.branch);
  }
}

function toDiagnostic(problem: SessionProblem): vscode.Diagnostic {
  const { range } = problem;
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(range.line, range.column, range.endLine, range.endColumn),
    problem.message,
    severity,
  );
  diagnostic.source = 'territory';
  return diagnostic;
}

/** A folder-relative path that must stay inside the folder. */
export function insideFolder(folder: vscode.WorkspaceFolder, relative: string): vscode.Uri {
  const resolved = path.resolve(folder.uri.fsPath, relative);
  const back = path.relative(folder.uri.fsPath, resolved);
  if (back.startsWith('..') || path.isAbsolute(back))
    throw new Error(`${relative} leaves the workspace folder ${folder.name}`);
  return vscode.Uri.file(resolved);
}

async function readOptional(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
