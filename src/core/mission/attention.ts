// When the editor tells the lead that an agent needs attention: once per burst. A burst begins
// when a domain's shown state becomes waiting or stalled and lasts until it is something else
// again; the PermissionRequest and the Notification that follows it ~6 s later, or a wait that
// turns into another wait, are one burst and one notification.
import type { AgentState } from './state';

export type Attention = 'waiting' | 'stalled';

export class AttentionBursts {
  private readonly inBurst = new Set<string>();

  /**
   * A domain's shown state (`key` names the domain): the attention to announce when a burst
   * begins, else undefined. `announce` false starts the burst silently (a state found at start-up).
   */
  note(key: string, state: AgentState, announce = true): Attention | undefined {
    const attention = state === 'waiting' || state === 'stalled' ? state : undefined;
    if (attention === undefined) {
      this.inBurst.delete(key);
      return undefined;
    }
    if (this.inBurst.has(key)) return undefined;
    this.inBurst.add(key);
    return announce ? attention : undefined;
  }
}
