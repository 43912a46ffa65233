// The load of the extension-host bench, as its own process (so that none of its work counts in the
// extension host it measures): WRITERS agents, each creating or modifying one file every PERIOD ms
// for DURATION ms, in folders of their own under the repository's domain folders. Argv: the
// repository, the folders (JSON), writers, period, duration. Removes what it created when done.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const [repo, foldersJson, writersArg, periodArg, durationArg] = process.argv.slice(2);
const folders = JSON.parse(foldersJson ?? '[]') as string[];
const writers = Number(writersArg);
const period = Number(periodArg);
const duration = Number(durationArg);
const created: string[] = [];
const timers: NodeJS.Timeout[] = [];

for (let w = 0; w < writers; w++) {
  const dir = path.join(repo!, folders[w % folders.length]!, `agent-load-${w}`);
  created.push(dir);
  mkdirSync(dir, { recursive: true });
  let tick = 0;
  // Staggered starts: 25 writers spread over one period, as independent agents would be.
  const start = setTimeout(
    () => {
      timers.push(
        setInterval(() => {
          tick++;
          // Every other write creates a new file; the others modify the last one created.
          const n = Math.ceil(tick / 2);
          writeFileSync(path.join(dir, `file${n}.py`), `# written by agent ${w}, write ${tick}\n`, {
            flag: tick % 2 === 1 ? 'w' : 'a',
          });
        }, period),
      );
    },
    (period * w) / writers,
  );
  timers.push(start);
}

setTimeout(() => {
  for (const timer of timers) clearInterval(timer);
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}, duration);
