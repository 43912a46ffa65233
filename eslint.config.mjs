import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Every process Territory starts goes through src/git/door.ts, which refuses in an untrusted workspace.
const NO_CHILD_PROCESS = ['child_process', 'node:child_process'].map((name) => ({ name, message: 'Processes start through src/git/door.ts (workspace trust).' }));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      // src/core is pure logic shared with the CLI: it must run without VS Code.
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not depend on VS Code.' }, ...NO_CHILD_PROCESS] }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      // The CLI is what hooks, CI and agents run: no VS Code, nothing of the extension's features.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The CLI runs without VS Code (hooks, CI, agents).' }, ...NO_CHILD_PROCESS],
          patterns: [{ group: ['**/features', '**/features/**'], message: 'The CLI must not depend on the extension (src/features).' }],
        },
      ],
    },
  },
  {
    files: ['src/features/**/*.ts', 'src/git/**/*.ts', 'src/*.ts'],
    ignores: ['src/git/door.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: NO_CHILD_PROCESS }],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
