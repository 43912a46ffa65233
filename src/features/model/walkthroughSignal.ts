// Ticks the walkthrough's first step ("Find or write the domain map") once a map is in force.
//
// Why not `onContext:territory.hasMap` alone: VS Code's walkthrough service (1.139,
// gettingStartedService registerDoneListeners) records an `onContext:` expression that already
// holds when the step registers as seen, without ticking the step, and never reacts to that
// expression again in the session. Extension walkthrough steps register late (after up to 5 s
// spent asking the experiment service, or when the Welcome page first opens), by which time a
// map has usually been in force for seconds: the step never ticked.
//
// So a second key, territory.walkthroughMap, alternates between "1" and "2" while a map is in force,
// and the step completes on either value: whichever held when the step registered, the next
// pulse makes the other expression true, one the service has not seen. Pulses: when a map comes
// into force, 6 s later (past the 5 s wait), and 1.5 s and 6 s after an editor tab of VS Code's
// own kind (the Welcome page, a walkthrough) opens.
import * as vscode from 'vscode';
import type { TerritoryMaps } from './maps';

const LATE_MS = 6_000;
const SOON_MS = 1_500;

export class WalkthroughSignal implements vscode.Disposable {
  private value: '1' | '2' | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];
  /** Values set so far, for the tests. */
  readonly sent: string[] = [];

  constructor(private readonly maps: TerritoryMaps) {
    this.subscriptions = [
      maps.onDidChange(() => this.update()),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (event.opened.some((tab) => tab.input === undefined)) this.pulseLater(SOON_MS, LATE_MS);
      }),
    ];
    this.update();
  }

  private mapped(): boolean {
    return this.maps.all().some((t) => t.map !== undefined);
  }

  private update(): void {
    if (!this.mapped()) {
      if (this.value !== undefined) this.set(undefined);
      return;
    }
    if (this.value === undefined) {
      this.pulse();
      this.pulseLater(LATE_MS);
    }
  }

  private pulseLater(...delays: number[]): void {
    for (const ms of delays) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.mapped()) this.pulse();
      }, ms);
      this.timers.add(timer);
    }
  }

  private pulse(): void {
    this.set(this.value === '1' ? '2' : '1');
  }

  private set(value: '1' | '2' | undefined): void {
    this.value = value;
    if (value) this.sent.push(value);
    // The key spelled out: scripts/check-manifest.mjs matches the walkthrough's context keys against these calls.
    void vscode.commands.executeCommand('setContext', 'territory.walkthroughMap', value);
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
