// What the handoff hooks tell an agent (src/core/handoffs/inbox.ts), on parsed files: a new
// session hears every open request again, a prompt only the new ones, a Stop is turned back once
// per blocking request and never while stop_hook_active, the told lists stay bounded, and a claim
// of the owner (doneClaims.ts) counts only in the owner's own file.
import { strict as assert } from 'node:assert';
import { EMPTY_TOLD, MAX_TOLD_KEYS, inboxAnswer, requestKey, type InboxInput } from '../../../../src/core/handoffs/inbox';
import { claimAppend, isClaimedDone } from '../../../../src/core/handoffs/doneClaims';
import { analyzeHandoffFile } from '../../../../src/core/handoffs/validate';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { parseJsonMap } from '../../../../src/core/map/jsonMap';
import { SEED_HANDOFF_FROM_CORE, SEED_TERRITORY_JSON_TEXT } from '../../../fixtures/seedWorkspace';

const map = parseJsonMap(SEED_TERRITORY_JSON_TEXT).map!;
const analyze = (file: string, text: string) => analyzeHandoffFile(file, text, { map, resolver: OwnershipResolver.compile(map) });
const core = analyze('HANDOFF_FROM_CORE.md', SEED_HANDOFF_FROM_CORE);
const base: InboxInput = { event: 'UserPromptSubmit', domain: 'API', files: [core], told: EMPTY_TOLD, stopHookActive: false, stopHook: true };
const context = (answer: ReturnType<typeof inboxAnswer>) => (answer.output?.hookSpecificOutput as { additionalContext?: string } | undefined)?.additionalContext;

describe('handoff inbox', () => {
  it('a prompt tells new requests in full, then only a count; a new session tells them all again', () => {
    const first = inboxAnswer(base);
    assert.match(context(first) ?? '', /^Territory: a handoff request to API \(your domain\) is open:/);
    const second = inboxAnswer({ ...base, told: first.told });
    assert.equal(context(second), 'Territory: 1 earlier handoff request to API is still open (territory handoffs --open lists them).');
    const session = inboxAnswer({ ...base, event: 'SessionStart', told: second.told });
    assert.equal((session.output?.hookSpecificOutput as { hookEventName: string }).hookEventName, 'SessionStart');
    assert.match(context(session) ?? '', /is open:\n- From CORE/);
    assert.equal(inboxAnswer({ ...base, domain: 'FE' }).output, undefined, 'nothing for a domain with no request');
  });

  it('Stop: turned back once per blocking request, never while stop_hook_active or with the setting off', () => {
    assert.equal(inboxAnswer({ ...base, event: 'Stop', stopHookActive: true }).output, undefined);
    assert.equal(inboxAnswer({ ...base, event: 'Stop', stopHook: false }).output, undefined);
    const stop = inboxAnswer({ ...base, event: 'Stop' });
    assert.equal(stop.output?.decision, 'block');
    assert.equal(inboxAnswer({ ...base, event: 'Stop', told: stop.told }).output, undefined);
    const notBlocking = analyze('HANDOFF_FROM_CORE.md', SEED_HANDOFF_FROM_CORE.replace('Blocking: Yes', 'Blocking: No'));
    assert.equal(inboxAnswer({ ...base, event: 'Stop', files: [notBlocking] }).output, undefined);
  });

  it('the told lists keep the newest keys only', () => {
    const many = Array.from({ length: MAX_TOLD_KEYS + 20 }, (_, i) => i.toString(16).padStart(16, '0'));
    const answer = inboxAnswer({ ...base, told: { incoming: many, done: [], stopped: [] } });
    assert.equal(answer.told.incoming.length, MAX_TOLD_KEYS);
    assert.equal(answer.told.incoming.at(-1), requestKey(core.requests[0]!));
  });

  it("an owner's claim closes the request only from the owner's own file", () => {
    const request = core.requests[0]!;
    const claim = claimAppend('', 'API', 'CORE', requestKey(request));
    const api = analyze('HANDOFF_FROM_API.md', claim);
    const fe = analyze('HANDOFF_FROM_FE.md', claimAppend('', 'FE', 'CORE', requestKey(request)));
    const texts = new Map([
      ['HANDOFF_FROM_API.md', claim],
      ['HANDOFF_FROM_FE.md', claimAppend('', 'FE', 'CORE', requestKey(request))],
    ]);
    assert.equal(isClaimedDone(request, [core, fe], texts), false, "FE's claim does not count: the request is API's");
    assert.equal(isClaimedDone(request, [core, api], texts), true);
    assert.equal(api.diagnostics.filter((d) => d.severity !== 'info').length, 0, 'the claim is no malformed request');
    assert.equal(claimAppend(claim, 'API', 'CORE', requestKey(request)), '', 'claimed once');
    // After a checklist line, a blank line keeps the comment out of the item's value.
    const afterItem = '# Handoff from API\n\n### For CORE:\n- [ ] File: `backend/app/models/x.py`\n- [ ] Change needed: c\n- [ ] Reason: r\n- [ ] Blocking: No';
    const both = afterItem + claimAppend(afterItem, 'API', 'CORE', requestKey(request));
    assert.equal(analyze('HANDOFF_FROM_API.md', both).requests[0]!.items.at(-1)!.value, 'No');
    const told = inboxAnswer({ ...base, files: [core, api], claimedDone: (r) => isClaimedDone(r, [core, api], texts) });
    assert.equal(told.output, undefined, 'no longer the owner’s to hear of');
  });
});
