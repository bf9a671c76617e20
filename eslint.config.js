// ESLint flat config: typescript-eslint recommended rules plus the project's layering rules.
// Layering follows Kubernetes: every component talks to the API server through the client, never to storage.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports that reach into mini-k8s storage or API-server internals. */
const storageOrApiserver = [
  {
    group: [
      '**/storage',
      '**/storage/**',
      '**/apiserver',
      '**/apiserver/**',
      '@atelier/mini-k8s/storage*',
      '@atelier/mini-k8s/apiserver*',
    ],
    message:
      'Layering: components talk to the cluster only through the API client (mini-k8s/src/client), never to storage or API-server internals. See ARCHITECTURE.md.',
  },
];

/** Imports of server-side code from the browser site. */
const serverCode = [
  {
    group: [
      '**/sandbox-server/**',
      '**/mini-k8s/**',
      '**/graders/**',
      '@atelier/sandbox-server*',
      '@atelier/mini-k8s*',
      '@atelier/graders*',
      'node:*',
    ],
    message: 'Layering: the site is browser code and may not import server code. See ARCHITECTURE.md.',
  },
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.astro/**', 'data/**', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The platform server: a Promise used where a value is expected (an un-awaited `owned()` ownership check, a
    // Promise in a condition) silently skips a check; type-aware rules catch it.
    files: ['sandbox-server/src/**/*.ts'],
    ignores: ['sandbox-server/src/**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    files: [
      'mini-k8s/src/scheduler/**',
      'mini-k8s/src/controllers/**',
      'mini-k8s/src/kubelet/**',
      'mini-k8s/src/proxy/**',
      'mini-k8s/src/dns/**',
      'mini-k8s/src/network/**',
      'mini-k8s/src/ingress/**',
      'mini-k8s/src/metrics/**',
      'graders/**',
      'exercises/**',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: storageOrApiserver }] },
  },
  {
    // Browser code; site/test holds Node-side content checks and may read files.
    files: ['site/**'],
    ignores: ['site/test/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: serverCode }] },
  },
);
