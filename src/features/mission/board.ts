// The Session Board: one webview, one lane per domain (task, state, elapsed time, files, commits,
// handoffs and a timeline). It renders from the model alone (media/sessionBoard.js, no network:
// a strict CSP with a nonce), follows the theme through --vscode-* variables, updates live through
// throttled postMessage, and every item opens what it names: the file, the commit, the handoff
// or the domain's terminal.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { buildBoard, type BoardModel, type BoardTarget, type LaneGuard } from '../../core/mission/board';
import type { GuardArmedState } from '../../git/guardArmed';
import { domainCommits, openHandoffs } from '../../core/mission/inputs';
import { HandoffChanges } from '../../core/mission/handoffMarks';
import { RefreshQueue } from '../../core/refreshQueue';
import { CommandId } from '../base/commandIds';
import type { Commits } from '../commits';
import type { Handoffs } from '../handoffs';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import type { PromptService } from '../prompts/prompts';
import type { MissionControl } from './service';
import { UiId } from '../base/ids';

/** Updates reach the webview at most this often. */
const POST_INTERVAL_MS = 250;

/** What the webview reports it rendered (tests ask for it). */
export interface RenderedBoard {
  readonly lanes: readonly {
    readonly id: string;
    readonly state: string;
    readonly text: string;
    readonly items: number;
  }[];
  /** The summary strip's count per state (working, waiting, blocked, stalled), and its text. */
  readonly summary: Readonly<Record<string, number>>;
  readonly summaryText: string;
  /** The timeline's scale as the header prints it (its start, with a date when not today, and now). */
  readonly scale: string;
}

/** The guard's canary outcome as the board shows it; nothing while it was never checked or is being checked. */
function laneGuard(state: GuardArmedState | undefined): { guard?: LaneGuard } {
  if (state === undefined || state.checking) return {};
  return {
    guard: {
      armed: state.armed,
      detail: state.armed
        ? `a Write to ${state.canary?.file ?? 'another domain'} blocked in ${state.canary?.ms ?? 0} ms`
        : (state.problems[0] ?? 'unknown reason'),
    },
  };
}

export class SessionBoard extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly posts: RefreshQueue<string>;
  private renderedWaiters: ((r: RenderedBoard) => void)[] = [];
  /** The last model posted (tests, and the CLI-equal check). */
  model: BoardModel | undefined;
  /** Handoffs requested and done, for the timelines. */
  private readonly handoffChanges = new HandoffChanges();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly maps: TerritoryMaps,
    private readonly mission: MissionControl,
    private readonly prompts: PromptService,
    private readonly handoffs: Handoffs,
    private readonly commits: Commits,
    private readonly guards: {
      readonly of: (territory: FolderTerritory, domainId: string) => GuardArmedState | undefined;
      readonly onDidChange: vscode.Event<void>;
    },
    log: Log,
  ) {
    super();
    this.posts = new RefreshQueue({
      name: 'session board',
      delayMs: POST_INTERVAL_MS,
      log,
      run: async () => this.post(),
    });
    this.register({ dispose: () => (this.posts.dispose(), this.panel?.dispose()) });
    for (const event of [
      mission.onDidChange,
      handoffs.service.onDidChange,
      commits.service.onDidChange,
      prompts.onDidChangePlan,
      maps.onDidChange,
      guards.onDidChange,
    ]) {
      this.register(event(() => this.schedule()));
    }
    this.register(handoffs.service.onDidChange(() => this.observeHandoffs()));
    this.observeHandoffs();
  }

  /** Notes requests that appeared or were ticked done since the handoff files last changed. */
  private observeHandoffs(): void {
    const territory = this.territory();
    if (territory?.map) this.handoffChanges.observe(this.parsedHandoffs(territory), Date.now());
  }

  private parsedHandoffs(territory: FolderTerritory) {
    return this.handoffs.service
      .entries(territory.folder)
      .map((e) => e.document.parsed)
      .filter((d, i, all) => all.indexOf(d) === i);
  }

  /** The one territory the board shows: the first folder with a map. */
  private territory(): FolderTerritory | undefined {
    return this.maps.all().find((t) => t.map !== undefined);
  }

  show(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(UiId.sessionBoardPanel, 'Session Board', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
    });
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(media, 'territory.svg');
    panel.webview.html = this.html(panel.webview, media);
    panel.onDidDispose(() => (this.panel = undefined));
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    return panel;
  }

  /** Asks the webview what it rendered (its lanes' text), for the tests. */
  rendered(timeoutMs = 10_000): Promise<RenderedBoard> {
    return new Promise((resolve, reject) => {
      // Asked again until it answers: a request posted while the webview's scripts still load is lost.
      const ask = () => void this.panel?.webview.postMessage({ type: 'report' });
      const again = setInterval(ask, 500);
      const timer = setTimeout(
        () => (clearInterval(again), reject(new Error('the Session Board did not answer'))),
        timeoutMs,
      );
      this.renderedWaiters.push((r) => (clearTimeout(timer), clearInterval(again), resolve(r)));
      ask();
    });
  }

  buildModel(now = Date.now()): BoardModel | undefined {
    const territory = this.territory();
    if (!territory?.map) return undefined;
    const plan = this.prompts.plan(territory);
    const open = openHandoffs(
      this.handoffs.service
        .entries(territory.folder)
        .map((e) => e.document.parsed)
        .filter((d, i, all) => all.indexOf(d) === i),
    );
    const result = this.commits.service.get(territory.folder)?.result;
    const grouping = result?.ok ? result.history.grouping : undefined;
    const inputs = territory.map.domains.map((domain) => ({
      ...this.mission.laneInput(territory, domain),
      task: plan.tasks[domain.id],
      commits: domainCommits(grouping, domain.id),
      handoffs: open.filter((h) => h.from === domain.id || h.to === domain.id),
      ...laneGuard(this.guards.of(territory, domain.id)),
      handoffMarks: this.handoffChanges.of(domain.id),
    }));
    return buildBoard(plan.goal, inputs, now, (id) => this.mission.optionsFor(territory, id));
  }

  private schedule(): void {
    // Throttled: at most one post per interval however fast the state changes.
    if (this.panel) this.posts.schedule('board', POST_INTERVAL_MS, POST_INTERVAL_MS);
  }

  private async post(): Promise<void> {
    if (!this.panel) return;
    this.model = this.buildModel();
    await this.panel.webview.postMessage({ type: 'model', model: this.model ?? null });
  }

  private receive(message: unknown): void {
    if (message === null || typeof message !== 'object') return;
    const m = message as Record<string, unknown>;
    if (m.type === 'ready') void this.posts.run('board');
    else if (m.type === 'rendered')
      for (const resolve of this.renderedWaiters.splice(0)) resolve(m.board as RenderedBoard);
    else if (m.type === 'open' && m.target !== null && typeof m.target === 'object')
      void this.open(m.target as BoardTarget);
  }

  /** Opens what an item names; a target from the webview is data, checked like any input. */
  async open(target: BoardTarget): Promise<void> {
    const territory = this.territory();
    if (!territory?.map) return;
    const safe = (p: unknown): p is string =>
      typeof p === 'string' && p !== '' && !p.startsWith('/') && !p.split(/[\\/]/).some((s) => s === '..' || s === '');
    switch (target.kind) {
      case 'file':
      case 'handoff': {
        const rel = target.kind === 'file' ? target.path : target.file;
        if (!safe(rel)) return;
        const line = target.kind === 'handoff' && Number.isInteger(target.line) ? Math.max(0, target.line) : 0;
        await vscode.commands.executeCommand(
          'vscode.open',
          vscode.Uri.joinPath(territory.folder.uri, ...rel.split('/')),
          { selection: new vscode.Range(line, 0, line, 0) },
        );
        return;
      }
      case 'commit': {
        const result = this.commits.service.get(territory.folder)?.result;
        if (!result?.ok || typeof target.hash !== 'string' || !/^[0-9a-f]{7,64}$/.test(target.hash)) return;
        const commit = result.history.commits.find((c) => c.hash === target.hash);
        const file = commit?.files[0];
        if (!commit || !file) return;
        await vscode.commands.executeCommand(CommandId.openCommitFileDiff, {
          top: result.history.state.top,
          hash: commit.hash,
          shortHash: commit.shortHash,
          path: result.history.state.prefix + file.path,
          status: file.status,
        });
        return;
      }
      case 'terminal': {
        const domain = territory.map.domains.find((d) => d.id === target.domain);
        // "Launch Terminal" (the domain has none) opens it, asked; "Focus Terminal" only focuses.
        if (domain)
          await (target.launch === true
            ? this.mission.terminalFocus.launch(territory, domain)
            : this.mission.terminalFocus.focus(territory, domain));
        return;
      }
    }
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'sessionBoard.js'));
    // Loaded first: the renderer's wording (plurals, dates, timeline positions) and its codicons.
    const helpers = ['sessionBoardFormat.js', 'sessionBoardIcons.js'].map((name) =>
      webview.asWebviewUri(vscode.Uri.joinPath(media, name)),
    );
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'sessionBoard.css'));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}'; img-src ${webview.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Session Board</title>
</head>
<body>
<main id="territory-board" aria-live="polite"><p class="empty">Reading the session…</p></main>
${helpers.map((helper) => `<script nonce="${nonce}" src="${helper.toString()}"></script>`).join('\n')}
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }
}
