// Lint for the whole repository. Workflow code gets extra rules: it must stay deterministic,
// so Node built-ins and I/O libraries are banned there (Temporal replays it from history).
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const ioLibraries = ['mongoose', 'mongodb', 'express', 'nodemailer', 'mqtt', 'jsonwebtoken', 'bpmn-moddle', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'tmp/**', 'coverage/**', 'dist/**', '.angular/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'bench/**/workflows.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.flatMap((m) => [m, `node:${m}`]), ...ioLibraries].map((name) => ({
            name,
            message: 'workflow code must be deterministic: do I/O in an activity',
          })),
          patterns: [
            { group: ['node:*'], message: 'no Node built-ins in workflow code' },
            {
              group: ['**/activities', '**/activities/*', '**/api/*', '**/model', '**/model/*', '**/platform', '**/platform/*', '**/scripts/*'],
              allowTypeImports: true,
              message: 'workflows may import these as types only',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' },
        { name: 'setInterval', message: 'use sleep() in a loop' },
        { name: 'fetch', message: 'do I/O in an activity' },
        { name: 'process', message: 'no process access in workflows' },
      ],
    },
  },
  {
    // The Angular apps and their shared code are type-checked with their own (browser) compiler options.
    files: ['admin-ui/**/*.ts', 'operator-ui/**/*.ts', 'ui-shared/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['tsconfig.spec.json'], tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.test.ts', '**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
