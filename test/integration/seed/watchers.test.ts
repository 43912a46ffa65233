// One watcher per thing: with the seed folder mapped and every feature running (commits, mission
// control, blocked edits, session plans, uncommitted changes), the hub holds the workspace's one
// recursive watcher and one watcher of the folder's git directory (before the hub: eight, among them
// two recursive ones per folder and HEAD watched twice). commits.test.ts sees a commit made by git on
// the command line reach the Commits view through the hub's git-state event.
import { strict as assert } from 'node:assert';
import { territoryApi } from '../support';

describe('file-system watchers', () => {
  it('the mapped seed folder is watched by one recursive watcher and one git-state watcher', async () => {
    const api = await territoryApi();
    await api.maps.ready();
    await api.commits.service.settled();
    assert.equal(api.maps.files.watcherCount(), 2);
  });
});
