import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The SPA's features in layers, lowest first. A feature imports only features of lower
// layers, so imports between features go one way and never form a cycle.
const FEATURE_LAYERS = [
  ['analytics', 'auth', 'audit', 'instruments', 'notifications', 'organisations', 'people', 'reflection', 'research'],
  ['campaigns', 'groups', 'profile'],
  ['mentoring'],
  ['schools'],
  ['hubs'],
  ['home'],
];
const ALL_FEATURES = FEATURE_LAYERS.flat();
// A new feature folder must be placed in a layer before the linter runs.
for (const dir of readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })) {
  if (dir.isDirectory() && !ALL_FEATURES.includes(dir.name)) {
    throw new Error(`src/features/${dir.name} is in no layer: add it to FEATURE_LAYERS in eslint.config.js`);
  }
}

// Components and hooks never call the API client themselves: the feature's queries.ts does.
const API_IN_QUERIES = [
  {
    group: ['**/lib/api/client'],
    importNames: ['api', 'unwrap'],
    message: "API calls live in the feature's queries.ts (query factories and write functions); import those.",
  },
];

// Inline query keys: `queryKey: [...]`, `qc.setQueryData([...])`, `pagedQuery([...], ...)`, ...
const KEY_RULES = [
  "Property[key.name='queryKey'] > ArrayExpression.value",
  "CallExpression[callee.property.name=/^(setQueryData|getQueryData|setQueriesData|invalidateQueries|removeQueries|refetchQueries|cancelQueries)$/] > ArrayExpression.arguments",
  "CallExpression[callee.name=/^(pagedQuery|usePaged)$/] > ArrayExpression.arguments",
].map((selector) => ({
  selector,
  message: 'Query keys come from src/lib/queryKeys.ts (keys.*), never an inline array: one scheme, so invalidations match.',
}));
const TABLE_RULE = {
  selector: "JSXOpeningElement[name.name='table']",
  message: "Use <Table> from src/lib/ui: a focusable scroll region with a caption and an empty state.",
};

export default tseslint.config(
  { ignores: ['dist', 'src/lib/api/schema.ts'] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // Imports go one way: shared code (src/lib, src/i18n) → features → the app shell.
  {
    files: ['src/lib/**/*.{ts,tsx}', 'src/i18n/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**', '**/app/**'],
              message: 'Shared code imports no feature and not the app shell: move what both need into src/lib.',
            },
          ],
        },
      ],
    },
  },
  // Features import each other one way, layer by layer: a feature may import only features
  // of the layers below its own (never one of its own layer, never one above).
  ...FEATURE_LAYERS.flatMap((layer, i) =>
    layer.flatMap((feature) => {
      const allowed = new Set(FEATURE_LAYERS.slice(0, i).flat());
      const barred = ALL_FEATURES.filter((f) => f !== feature && !allowed.has(f));
      const patterns = [
        { group: ['**/app/**'], message: 'Features do not import the app shell (it imports them): use src/lib.' },
        ...(barred.length
          ? [
              {
                group: barred.flatMap((f) => [`../${f}/*`, `../${f}`, `**/features/${f}/*`]),
                message: `Feature imports go one way (FEATURE_LAYERS in eslint.config.js): ${feature} may import only ${[...allowed].join(', ') || 'no other feature'}.`,
              },
            ]
          : []),
      ];
      const queries = `src/features/${feature}/queries.ts`;
      return [
        // Components and hooks: also no API client (the feature's queries.ts calls the API).
        {
          files: [`src/features/${feature}/**/*.{ts,tsx}`],
          ignores: [queries],
          rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, ...API_IN_QUERIES] }] },
        },
        { files: [queries], rules: { 'no-restricted-imports': ['error', { patterns }] } },
      ];
    }),
  ),
  // One query-key scheme: keys come from src/lib/queryKeys.ts, never written by hand.
  // One table: every table is lib/ui's <Table> (focusable scroll region, caption, empty state).
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/lib/queryKeys.ts', 'src/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', ...KEY_RULES, TABLE_RULE] },
  },
  {
    files: ['src/lib/ui.tsx'],
    rules: { 'no-restricted-syntax': ['error', ...KEY_RULES] },
  },
);
