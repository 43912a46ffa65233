import { benchOwnership } from './ownership';

// `npm run bench`: performance figures, each against a baseline measured in the same run.
const results = [benchOwnership()];
if (results.includes(false)) {
  console.error('bench: a target was missed or answers disagreed');
  process.exitCode = 1;
}
