import { gitText } from './run';

/** The top of the git work tree containing `dir`, or undefined when it is not in one (or git is missing). */
export async function findRepositoryRoot(dir: string): Promise<string | undefined> {
  try {
    const top = (await gitText(dir, ['rev-parse', '--show-toplevel'])).trim();
    return top === '' ? undefined : top;
  } catch {
    return undefined;
  }
}
