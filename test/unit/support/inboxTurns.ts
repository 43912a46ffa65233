// What an agent's model was told in one session run as API in the seed repository, whose
// HANDOFF_FROM_CORE.md holds a blocking request to API: the handoff hook's context at the session's
// start and at the prompt, then, after the turn ended, the request again as the reason not to stop.
import { strict as assert } from 'node:assert';

/** `requests`: every request body the stand-in model received, as JSON text, in order. */
export function assertApiHeardOfCoreRequest(requests: readonly string[], why: string): void {
  const [first, , third] = requests;
  assert.match(
    first ?? '',
    /handoff request to API \(your domain\) is open:\\n- From CORE \(HANDOFF_FROM_CORE\.md, request 1/,
  );
  assert.match(first ?? '', /territory handoff done --from CORE --index 1/);
  assert.match(first ?? '', /handoff request to API is still open \(territory handoffs --open lists them\)/);
  assert.equal(requests.length, 3, why);
  assert.match(third ?? '', /Territory: before you stop, a blocking request to API is open/);
}
