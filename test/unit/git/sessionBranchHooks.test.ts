// Rule 4 in the installed hooks, with real git and a local bare remote: a domain terminal pushes the
// session branch only, the lead is not limited, force pushes and deletions are still refused, a
// commit on another branch warns, and a hook the user had before still runs first.
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, git, gitRun, seedRepo, tempDir, write } from '../support/guard';

const CORE = { TERRITORY_DOMAIN: 'CORE' };
const SESSION = 'claude/edge-cases';

describe('finish: rule 4 in the git hooks (real git, bare remote)', function () {
  this.timeout(60_000);
  let root: string;
  let remote: string;
  const remoteHas = (ref: string) => gitRun(remote, ['rev-parse', '-q', '--verify', ref]).status === 0;

  before(async () => {
    root = await seedRepo('territory-rule4-');
    remote = join(tempDir('territory-rule4-remote-'), 'origin.git');
    git(join(remote, '..'), 'init', '-q', '--bare', remote);
    git(root, 'remote', 'add', 'origin', remote);
    git(root, 'push', '-q', '-u', 'origin', 'main');
    // A pre-push hook the user had: Territory chains it, and it must still see every push.
    const hooks = join(root, '.git', 'hooks');
    mkdirSync(hooks, { recursive: true });
    writeFileSync(
      join(hooks, 'pre-push'),
      `#!/bin/sh\necho "user hook $2" >> "${join(root, '..', 'user-hook.log')}"\ncat > /dev/null\n`,
    );
    chmodSync(join(hooks, 'pre-push'), 0o755);
    const installed = await cli('hooks', 'install', '--cwd', root);
    assert.equal(installed.code, 0, installed.err);
  });
  after(() => {
    rmSync(join(root, '..'), { recursive: true, force: true });
    rmSync(join(remote, '..'), { recursive: true, force: true });
  });

  it("without a session branch and with the map's placeholder: not limited, and said once", () => {
    git(root, 'checkout', '-q', '-b', 'scratch');
    write(root, { 'backend/app/models/a.py': 'a = 1\n' });
    git(root, 'add', '-A');
    assert.equal(gitRun(root, ['commit', '-q', '-m', 'core: a'], CORE).status, 0);
    const first = gitRun(root, ['push', '-q', 'origin', 'scratch'], CORE);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /placeholder: pushes from domain terminals are not limited to one branch/);
    write(root, { 'backend/app/models/a.py': 'a = 2\n' });
    git(root, 'commit', '-q', '--no-verify', '-am', 'core: a2');
    const second = gitRun(root, ['push', '-q', 'origin', 'scratch'], CORE);
    assert.equal(second.status, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /not limited/, 'said once, not at every push');
    git(root, 'checkout', '-q', 'main');
  });

  it("with a session branch: CORE's push to main is refused naming the branch; the push to the session branch passes", async () => {
    git(root, 'checkout', '-q', '-b', SESSION, 'main');
    // The lead commits the plan on the session branch: rule 4 follows the committed session file.
    write(root, { '.territory/session.json': JSON.stringify({ goal: 'Edge cases', branch: SESSION, tasks: {} }) });
    git(root, 'add', '.territory/session.json');
    const planned = gitRun(root, ['commit', '-q', '-m', 'lead: plan the session']);
    assert.equal(planned.status, 0, planned.stderr);
    assert.equal((await cli('session-branch', '--cwd', root)).out, SESSION);
    write(root, { 'backend/app/models/b.py': 'b = 1\n' });
    git(root, 'add', 'backend');
    assert.equal(gitRun(root, ['commit', '-q', '-m', 'core: b'], CORE).status, 0);
    const before = git(remote, 'rev-parse', 'main').trim();
    const toMain = gitRun(root, ['push', '-q', 'origin', `${SESSION}:main`], CORE);
    assert.notEqual(toMain.status, 0);
    assert.match(
      toMain.stderr,
      /refusing a push to refs\/heads\/main from domain CORE: every terminal pushes to the designated branch claude\/edge-cases \(rule 4\)/,
    );
    assert.equal(git(remote, 'rev-parse', 'main').trim(), before, "the remote's main is untouched");
    // The plain form from the brief: on main, with a commit to push, `git push origin main`. main
    // holds no session file: the session branch's own committed file, naming it, is in force.
    git(root, 'checkout', '-q', 'main');
    assert.ok(!existsSync(join(root, '.territory', 'session.json')), 'the checkout took the committed file away');
    write(root, { 'backend/app/models/m.py': 'm = 1\n' });
    git(root, 'add', 'backend');
    git(root, 'commit', '-q', '--no-verify', '-m', 'core: m');
    const plain = gitRun(root, ['push', '-q', 'origin', 'main'], CORE);
    assert.notEqual(plain.status, 0);
    assert.match(plain.stderr, /designated branch claude\/edge-cases/);
    assert.equal(git(remote, 'rev-parse', 'main').trim(), before);
    git(root, 'reset', '-q', '--hard', 'HEAD~1');
    git(root, 'checkout', '-q', SESSION);
    const toSession = gitRun(root, ['push', '-q', 'origin', SESSION], CORE);
    assert.equal(toSession.status, 0, toSession.stderr);
    assert.ok(remoteHas(`refs/heads/${SESSION}`));
    assert.match(
      readFileSync(join(root, '..', 'user-hook.log'), 'utf8'),
      /user hook .*origin\.git/,
      'the chained user hook ran',
    );
  });

  it('a branch of its own and a tag are refused to a domain; the lead may push them', () => {
    const own = gitRun(root, ['push', '-q', 'origin', `${SESSION}:refs/heads/core-work`], CORE);
    assert.notEqual(own.status, 0);
    assert.match(own.stderr, /refusing a push to refs\/heads\/core-work from domain CORE/);
    git(root, 'tag', 'v-test');
    const tag = gitRun(root, ['push', '-q', 'origin', 'v-test'], CORE);
    assert.notEqual(tag.status, 0);
    assert.match(tag.stderr, /refs\/tags\/v-test/);
    const lead = gitRun(root, ['push', '-q', 'origin', `${SESSION}:refs/heads/core-work`], {});
    assert.equal(lead.status, 0, lead.stderr);
  });

  it('force pushing or deleting the session branch is still refused, to the domain and the lead', () => {
    const pushed = git(remote, 'rev-parse', SESSION).trim();
    git(root, 'reset', '-q', '--hard', 'HEAD~1');
    write(root, { 'backend/app/models/b.py': 'b = 2\n' });
    git(root, 'add', 'backend');
    git(root, 'commit', '-q', '--no-verify', '-m', 'core: b rewritten');
    const force = gitRun(root, ['push', '-q', '--force', 'origin', SESSION], CORE);
    assert.notEqual(force.status, 0);
    assert.match(force.stderr, /refusing a force push to refs\/heads\/claude\/edge-cases/);
    const remove = gitRun(root, ['push', '-q', 'origin', `:${SESSION}`], {});
    assert.notEqual(remove.status, 0);
    assert.match(remove.stderr, /refusing to delete the shared branch claude\/edge-cases/);
    assert.equal(git(remote, 'rev-parse', SESSION).trim(), pushed);
    git(root, 'reset', '-q', '--hard', pushed);
  });

  it('a domain committing on another branch is warned, not stopped; on the session branch, no warning', () => {
    // A branch off the session branch holds the committed session file: the commit is warned.
    git(root, 'checkout', '-q', '-b', 'core-side', SESSION);
    write(root, { 'backend/app/models/c.py': 'c = 1\n' });
    git(root, 'add', 'backend');
    const elsewhere = gitRun(root, ['commit', '-q', '-m', 'core: c'], CORE);
    assert.equal(elsewhere.status, 0, elsewhere.stderr);
    assert.match(
      elsewhere.stderr,
      /CORE is committing on branch core-side, but every terminal works on the designated branch claude\/edge-cases/,
    );
    // The pre-commit and the commit-msg hook both check the staged files: the warning is given once per commit (#25 item 13).
    assert.equal(elsewhere.stderr.match(/is committing on branch core-side/g)?.length, 1, elsewhere.stderr);
    git(root, 'checkout', '-q', SESSION);
    git(root, 'branch', '-q', '-D', 'core-side');
    write(root, { 'backend/app/models/c.py': 'c = 2\n' });
    git(root, 'add', 'backend');
    const onBranch = gitRun(root, ['commit', '-q', '-m', 'core: c'], CORE);
    assert.equal(onBranch.status, 0, onBranch.stderr);
    assert.doesNotMatch(onBranch.stderr, /designated branch/);
    assert.ok(existsSync(join(root, '.territory', 'session.json')));
  });
  it("the attack: a domain rewrites the working copy of the session file to name main; CORE's push to main is still refused, naming the committed branch", () => {
    git(root, 'checkout', '-q', SESSION);
    const before = git(remote, 'rev-parse', 'main').trim();
    write(root, { '.territory/session.json': JSON.stringify({ goal: 'Edge cases', branch: 'main', tasks: {} }) });
    assert.match(git(root, 'status', '--porcelain'), /M \.territory\/session\.json/, 'uncommitted');
    const toMain = gitRun(root, ['push', '-q', 'origin', 'HEAD:main'], CORE);
    assert.notEqual(toMain.status, 0, toMain.stderr);
    assert.match(
      toMain.stderr,
      /refusing a push to refs\/heads\/main from domain CORE: every terminal pushes to the designated branch claude\/edge-cases \(rule 4\)/,
    );
    assert.match(
      toMain.stderr,
      /the working tree's \.territory\/session\.json differs from HEAD's \(branch main; HEAD's: claude\/edge-cases\); rule 4 uses HEAD's/,
    );
    assert.equal(git(remote, 'rev-parse', 'main').trim(), before, "the remote's main is untouched");
    // From main, where no session file is committed, a planted working copy changes nothing either.
    git(root, 'checkout', '-q', '--', '.territory/session.json');
    git(root, 'checkout', '-q', 'main');
    write(root, { '.territory/session.json': JSON.stringify({ goal: 'x', branch: 'main', tasks: {} }) });
    write(root, { 'backend/app/models/d.py': 'd = 1\n' });
    git(root, 'add', 'backend');
    git(root, 'commit', '-q', '--no-verify', '-m', 'core: d');
    const plain = gitRun(root, ['push', '-q', 'origin', 'main'], CORE);
    assert.notEqual(plain.status, 0, plain.stderr);
    assert.match(plain.stderr, /designated branch claude\/edge-cases/);
    assert.match(
      plain.stderr,
      /HEAD holds no \.territory\/session\.json: rule 4 uses the one committed on refs\/heads\/claude\/edge-cases/,
    );
    assert.match(plain.stderr, /names branch main; rule 4 uses the one committed on refs\/heads\/claude\/edge-cases/);
    assert.equal(git(remote, 'rev-parse', 'main').trim(), before);
    git(root, 'reset', '-q', '--hard', 'HEAD~1');
    rmSync(join(root, '.territory', 'session.json'));
    git(root, 'checkout', '-q', SESSION);
  });
});
