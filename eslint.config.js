import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-pages',
      'public',
      'node_modules',
      'test-results',
      'playwright-report',
      '**/*.tmp.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'e2e/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  // The layers: data and model know nothing above them, train knows nothing of the page, and the
  // page never touches tensors.
  {
    files: ['src/data/**', 'src/model/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/train/**', '**/state/**', '**/ui/**', '../train', '../state', '../ui'],
              message: 'src/data and src/model import nothing from src/train, src/state or src/ui.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/train/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/state/**', '**/ui/**', '../state', '../ui'],
              message: 'src/train imports nothing from src/state or src/ui.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/persist/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'Persistence keeps plain arrays, never tensors.' },
            {
              group: ['**/ui/**', '../ui'],
              message: 'src/persist serves the store and imports nothing from src/ui.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], message: 'The UI never touches tensors.' }] },
      ],
    },
  },
);
