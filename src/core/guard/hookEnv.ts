// The environment a Territory git hook gives the check it runs, in a module of its own so that the
// check's small bundle (dist/check.js) does not carry the hook scripts' text to read three names.

/**
 * How git will clean a commit message, as the hook read it in its one `git config` process: `1` in
 * MESSAGE_CONFIG_ENV when the hook read it (the values may be empty: unset), so that the check
 * (`--hook` only) starts no git process of its own for it. Every hook run sets or unsets it.
 */
export const MESSAGE_CONFIG_ENV = 'TERRITORY_HOOK_MESSAGE_CONFIG';
export const COMMENT_CHAR_ENV = 'TERRITORY_HOOK_COMMENT_CHAR';
export const CLEANUP_ENV = 'TERRITORY_HOOK_CLEANUP';

/**
 * `1` when a commit hook writes its git reads into the check's standard input
 * (core/guard/gitReads.ts), set for the check's process only.
 */
export const GIT_READS_ENV = 'TERRITORY_HOOK_GIT_READS';
