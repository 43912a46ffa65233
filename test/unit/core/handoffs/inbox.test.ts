// What the handoff hooks tell an agent (src/core/handoffs/inbox.ts), on parsed files: a new
// session hears every open request again, a prompt only the new ones, a Stop is turned back once
// per blocking request and never while stop_hook_active, the told lists stay bounded, and a claim
// of the owner (doneClaims.ts) counts only in the owner's own file.
import { strict as assert } from 'node:assert';
import {
  EMPTY_TOLD,
  MAX_TOLD_KEYS,
  inboxAnswer,
  requestKey,
  type InboxInput,
} from '../../../../src/core/handoffs/inbox';
import { analyzeHandoffTexts, claimAppend, isClaimedDone } from '../../../../src/core/handoffs/doneClaims';
import { collectHandoffs } from '../../../../src/core/handoffs/collect';
import { handoffsJson, handoffsText } from '../../../../src/core/handoffs/report';
import { claimedText, countOpen, countOpenBlocking, isOpen } from '../../../../src/core/handoffs/types';
import { analyzeHandoffFile } from '../../../../src/core/handoffs/validate';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { parseJsonMap } from '../../../../src/core/map/jsonMap';
import { SEED_HANDOFF_FROM_CORE, SEED_TERRITORY_JSON_TEXT } from '../../../fixtures/seedWorkspace';

const map = parseJsonMap(SEED_TERRITORY_JSON_TEXT).map!;
const analyze = (file: string, text: string) =>
  analyzeHandoffFile(file, text, { map, resolver: OwnershipResolver.compile(map) });
const core = analyze('HANDOFF_FROM_CORE.md', SEED_HANDOFF_FROM_CORE);
const base: InboxInput = {
  event: 'UserPromptSubmit',
  domain: 'API',
  files: [core],
  told: EMPTY_TOLD,
  stopHookActive: false,
  stopHook: true,
};
const context = (answer: ReturnType<typeof inboxAnswer>) =>
  (answer.output?.hookSpecificOutput as { additionalContext?: string } | undefined)?.additionalContext;

describe('handoff inbox', () => {
  it('a prompt tells new requests in full, then only a count; a new session tells them all again', () => {
    const first = inboxAnswer(base);
    assert.match(context(first) ?? '', /^Territory: a handoff request to API \(your domain\) is open:/);
    const second = inboxAnswer({ ...base, told: first.told });
    assert.equal(
      context(second),
      'Territory: 1 earlier handoff request to API is still open (territory handoffs --open lists them).',
    );
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
    const notBlocking = analyze(
      'HANDOFF_FROM_CORE.md',
      SEED_HANDOFF_FROM_CORE.replace('Blocking: Yes', 'Blocking: No'),
    );
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
    const afterItem =
      '# Handoff from API\n\n### For CORE:\n- [ ] File: `backend/app/models/x.py`\n- [ ] Change needed: c\n- [ ] Reason: r\n- [ ] Blocking: No';
    const both = afterItem + claimAppend(afterItem, 'API', 'CORE', requestKey(request));
    assert.equal(analyze('HANDOFF_FROM_API.md', both).requests[0]!.items.at(-1)!.value, 'No');
    const told = inboxAnswer({ ...base, files: [core, api], claimedDone: (r) => isClaimedDone(r, [core, api], texts) });
    assert.equal(told.output, undefined, 'no longer the owner’s to hear of');
  });

  it("the lead's views read the owner's claim: the request is done, to be ticked, and leaves the counts; forged claims change nothing", () => {
    const key = requestKey(core.requests[0]!);
    const claim = (owner: string, requester = 'CORE') => claimAppend('', owner, requester, key);
    const read = (extra: { path: string; text: string }[], coreText = SEED_HANDOFF_FROM_CORE) =>
      analyzeHandoffTexts([{ path: 'HANDOFF_FROM_CORE.md', text: coreText }, ...extra], {
        map,
        resolver: OwnershipResolver.compile(map),
      });
    const forgeries: [string, { path: string; text: string }[]][] = [
      ["a third domain's file", [{ path: 'HANDOFF_FROM_SCHED.md', text: claim('SCHED') }]],
      ["the requester's own file", []],
      ["the target's file, for another requester", [{ path: 'HANDOFF_FROM_API.md', text: claim('API', 'FE') }]],
      [
        "the target's file, a key of another request",
        [{ path: 'HANDOFF_FROM_API.md', text: claimAppend('', 'API', 'CORE', 'f'.repeat(16)) }],
      ],
      ['a handoff file in another folder', [{ path: 'handoffs/HANDOFF_FROM_API.md', text: claim('API') }]],
      ['a file named after the target in the wrong case', [{ path: 'HANDOFF_FROM_api.md', text: claim('API') }]],
      [
        'the claim inside a line, not a line of its own',
        [{ path: 'HANDOFF_FROM_API.md', text: `# Handoff from API\n\nsee ${claimLineOf(key)}\n` }],
      ],
    ];
    for (const [name, extra] of forgeries) {
      const files = read(
        extra,
        extra.length === 0 ? `${SEED_HANDOFF_FROM_CORE}\n${claimLineOf(key)}\n` : SEED_HANDOFF_FROM_CORE,
      );
      const request = files[0]!.requests[0]!;
      assert.equal(request.claimedBy, undefined, name);
      assert.equal(countOpenBlocking(files, 'API'), 1, name);
    }
    const files = read([{ path: 'HANDOFF_FROM_API.md', text: claim('API') }]);
    const request = files[0]!.requests[0]!;
    assert.equal(request.claimedBy, 'API');
    assert.equal(request.state, 'open', 'the boxes still say open: the requester ticks them');
    assert.equal(isOpen(request), false);
    assert.equal(claimedText(request), "done (claimed by API, to be ticked at CORE's next turn)");
    assert.equal(countOpenBlocking(files, 'API'), 0);
    assert.equal(countOpen(files, 'API'), 0);
    assert.match(collectHandoffs(files, map.domains), /Nothing is open/);
    const json = handoffsJson('/r', map.handoffFile, files, { open: false, blocking: false }) as {
      summary: Record<string, number>;
      requests: { claimedDoneBy: string | null }[];
    };
    assert.deepEqual([json.summary.open, json.summary.openBlocking, json.summary.claimedDone], [0, 0, 1]);
    assert.equal(json.requests[0]!.claimedDoneBy, 'API');
    assert.deepEqual(
      (handoffsJson('/r', map.handoffFile, files, { open: true, blocking: false }) as { requests: unknown[] }).requests,
      [],
      '--open leaves it out',
    );
    const text = handoffsText(files, { open: false, blocking: false }, (p) => p);
    assert.ok(
      text.some((l) => /^ {2}\[c\] CORE → API .* done \(claimed by API, to be ticked at CORE's next turn\)$/.test(l)),
      text.join('\n'),
    );
    assert.match(text.at(-1)!, /0 open, 0 open blocking, 1 claimed done/);
    // Once the requester's hook checked the boxes, the claim is history: done as the file says.
    const ticked = analyzeHandoffTexts(
      [
        { path: 'HANDOFF_FROM_CORE.md', text: SEED_HANDOFF_FROM_CORE.replace(/- \[ \]/g, '- [x]') },
        { path: 'HANDOFF_FROM_API.md', text: claim('API') },
      ],
      { map, resolver: OwnershipResolver.compile(map) },
    );
    assert.deepEqual([ticked[0]!.requests[0]!.state, ticked[0]!.requests[0]!.claimedBy], ['done', undefined]);
  });
});

function claimLineOf(key: string): string {
  return `<!-- territory: done CORE ${key} -->`;
}
