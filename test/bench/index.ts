import { benchAgentGuard } from './agentGuard';
import { benchCommits } from './commits';
import { benchDecorations } from './decorations';
import { benchDormantActivation } from './dormant';
import { benchHooks } from './hooks';
import { benchHostLoad } from './hostLoad';
import { benchLargeWorkspace } from './largeWorkspace';
import { benchMission } from './mission';
import { benchMapScale } from './mapScale';
import { benchOwnership } from './ownership';
import { benchSandbox } from './sandbox';
import { repoRoot } from '../runner/scenarios';

// `npm run bench`: performance figures, each against a baseline measured in the same run.
const results = [
  benchOwnership(),
  benchDecorations(),
  benchMapScale(),
  benchHooks(repoRoot()),
  benchAgentGuard(repoRoot()),
  benchLargeWorkspace(repoRoot()),
  benchDormantActivation(repoRoot()),
];
if (results.includes(false)) {
  console.error('bench: a target was missed or answers disagreed');
  process.exitCode = 1;
}
// Async (git runs in a child process): it reports after the synchronous benches above.
// Then Territory in the real VS Code under 25 writers (minutes: two VS Code runs of a minute each).
void benchSandbox(repoRoot())
  .then((ok) => ok || ((process.exitCode = 1), console.error('bench: the sandbox bench failed')))
  .then(() => benchCommits())
  .then((ok) => ok || ((process.exitCode = 1), console.error('bench: the commits target was missed')))
  .then(() => benchMission(repoRoot()))
  .then((ok) => ok || ((process.exitCode = 1), console.error('bench: the mission control target was missed')))
  .then(() => benchHostLoad(repoRoot()))
  .then((ok) => ok || ((process.exitCode = 1), console.error('bench: the extension host target was missed')));
