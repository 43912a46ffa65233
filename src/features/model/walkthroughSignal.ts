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
// and the step completes on either value (territory.walkthroughDomain likewise for step 2, while a
// domain is active): whichever held when the step registered, the next
// pulse makes the other expression true, one the service has not seen. Pulses: when a map comes
// into force, 6 s later (past the 5 s wait), and 1.5 s and 6 s after an editor tab of VS Code's
// own kind (the Welcome page, a walkthrough) opens.
import * as vscode from 'vscode';
import type { ActiveDomain } from './activeDomain';
import type { TerritoryMaps } from './maps';
import { setContext } from '../base/ids';

const LATE_MS = 6_000;
const SOON_MS = 1_500;

/** One step's key: alternates between "1" and "2" while `holds()`, unset otherwise. */
class StepKey {
  private value: '1' | '2' | undefined;

  constructor(
    readonly holds: () => boolean,
    private readonly write: (value: '1' | '2' | undefined) => void,
  ) {}

  /** Called on every change: a first pulse when the state starts to hold, the key unset when it stops. */
  update(): boolean {
    if (!this.holds()) {
      if (this.value !== undefined) this.set(undefined);
      return false;
    }
    if (this.value !== undefined) return false;
    this.pulse();
    return true;
  }

  pulse(): void {
    if (this.holds()) this.set(this.value === '1' ? '2' : '1');
  }

  private set(value: '1' | '2' | undefined): void {
    this.value = value;
    this.write(value);
  }
}

export class WalkthroughSignal implements vscode.Disposable {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly keys: StepKey[];

  constructor(maps: TerritoryMaps, active: ActiveDomain) {
    // The keys spelled out: scripts/check-manifest.mjs matches the walkthrough's context keys against these calls.
    const map = new StepKey(
      () => maps.all().some((t) => t.map !== undefined),
      (value) => void setContext('walkthroughMap', value),
    );
    const domain = new StepKey(
      () => active.id !== undefined,
      (value) => void setContext('walkthroughDomain', value),
    );
    this.keys = [map, domain];
    this.subscriptions = [
      maps.onDidChange(() => this.update(map)),
      active.onDidChange(() => this.update(domain)),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (event.opened.some((tab) => tab.input === undefined))
          for (const key of this.keys) this.pulseLater(key, SOON_MS, LATE_MS);
      }),
    ];
    for (const key of this.keys) this.update(key);
  }

  private update(key: StepKey): void {
    if (key.update()) this.pulseLater(key, LATE_MS);
  }

  private pulseLater(key: StepKey, ...delays: number[]): void {
    for (const ms of delays) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        key.pulse();
      }, ms);
      this.timers.add(timer);
    }
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
