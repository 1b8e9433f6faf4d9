import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/**
 * Module boundaries (STYLE.md 2): a service imports libs, never another service; libs never import
 * services; the pure core depends on nothing of ours, contracts only on the core, platform on
 * both. Only the e2e project may load services, to run them.
 */
const depConstraints = [
  { sourceTag: 'scope:service', onlyDependOnLibsWithTags: ['scope:lib'] },
  { sourceTag: 'scope:lib', onlyDependOnLibsWithTags: ['scope:lib'] },
  { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:lib'] },
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:lib', 'scope:service'] },
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:core'] },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:core'],
  },
];

/**
 * A domain folder is pure functions over plain values (STYLE.md 6): it imports the pure core,
 * the shared vocabulary and its own folder, so it loads no Nest, TypeORM or nats and needs no
 * database to test.
 */
const pureImports = (allowed, message) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [{ regex: `^(?!(${allowed.join('|')})$)(?!\\./)`, message }] },
  ],
});
const PURE_DOMAIN = {
  files: ['services/*/src/**/domain/**/*.ts'],
  rules: pureImports(
    ['@tf/core', '@tf/contracts/vocabulary'],
    'domain code imports only @tf/core, @tf/contracts/vocabulary and its own folder (./…)',
  ),
};
/** Its specs may also generate cases (fast-check), which loads no framework either. */
const PURE_DOMAIN_SPECS = {
  files: ['services/*/src/**/domain/**/*.spec.ts'],
  rules: pureImports(
    ['@tf/core', '@tf/contracts/vocabulary', 'fast-check'],
    'domain specs import only @tf/core, @tf/contracts/vocabulary, fast-check and their own folder (./…)',
  ),
};

/**
 * No object literal that starts with a spread and goes on (`{ ...request, tenant }`) in code that
 * runs per request. On Node 20 (V8 11.3) such a literal gets a hidden class of its own every time
 * it runs: allocated in the old generation, never shared, so every object it makes is promoted
 * with what it holds, and the inline caches that read it go megamorphic. A literal that starts
 * with a property, or a lone spread (`{ ...x }`), shares its class. Write
 * `Object.assign({}, request, { tenant })`, which keeps the spread's order and shares one
 * (docs/performance.md, "A hidden class a literal").
 */
const oneClassPerLiteral = {
  selector: 'ObjectExpression > SpreadElement:first-child + *',
  message:
    'a literal starting with a spread and going on gets a hidden class of its own on every run (V8 11.3): use Object.assign({}, base, { ... })',
};
const SHARED_HIDDEN_CLASSES = {
  files: ['services/*/src/**/*.ts', 'libs/*/src/**/*.ts', 'tools/bench/src/baseline/**/*.ts'],
  ignores: ['**/*.spec.ts', 'libs/testing/**'],
  rules: { 'no-restricted-syntax': ['error', oneClassPerLiteral] },
};

/**
 * Tenant first, by the code (STYLE.md 1): service code reaches the database only through
 * ctx.read / ctx.unitOfWork and the repositories they hand out, which carry the center's
 * predicate themselves. No EntityManager, no query builder of its own, no tenant predicate or
 * tenantId written by hand. Migrations and tests are exempt, and so is the gateway, which owns no
 * business data (its one table keeps Idempotency-Keys by center, client and key).
 */
const handWritten = 'the repositories add the center predicate: do not write it by hand';
const TENANT_FIRST = {
  files: ['services/*/src/**/*.ts'],
  ignores: ['services/*/src/migrations/**', '**/*.spec.ts', 'services/gateway/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: "MemberExpression[property.name='manager']",
        message: 'use ctx.read / ctx.unitOfWork and tx.rows(Entity), not an EntityManager',
      },
      {
        selector: 'ImportSpecifier[imported.name=/^(EntityManager|DataSource|Repository)$/]',
        message: 'use ctx.read / ctx.unitOfWork and tx.rows(Entity), not TypeORM directly',
      },
      {
        selector: "CallExpression[callee.property.name='createQueryBuilder']",
        message:
          'use tx.rows(Entity), or tx.sql for a join (row-level security keeps it to the center)',
      },
      { selector: 'Literal[value=/tenant_id\\s*(=|in\\b)/i]', message: handWritten },
      { selector: 'TemplateElement[value.raw=/tenant_id\\s*(=|in\\b)/i]', message: handWritten },
      { selector: "Property[key.name='tenantId']", message: handWritten },
      // Flat config replaces a rule's options block by block: the shared rule is repeated here.
      oneClassPerLiteral,
    ],
  },
};

/**
 * Services log through pino (LOGGER): structured, leveled, with the request's context. A console
 * line has none of that, and one left from debugging once shipped in a commit.
 */
const LOGS_THROUGH_PINO = {
  files: ['services/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
  ignores: ['**/*.spec.ts', 'libs/testing/**'],
  rules: { 'no-console': 'error' },
};

export default [
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      'libs/contracts/src/gen/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: [], depConstraints },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'e2e/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The bench's baseline runs the services' own statements and domain arithmetic (it is the
    // point of a baseline), and its dataset writes rows as the services' rules make them, so
    // they read the services' sources as no other project may.
    files: [
      'tools/bench/src/baseline/**/*.ts',
      'tools/bench/src/dataset.ts',
      'tools/bench/src/approvals.ts',
      'tools/bench/src/loans.ts',
      'tools/bench/src/loan-pools.ts',
    ],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  PURE_DOMAIN,
  PURE_DOMAIN_SPECS,
  SHARED_HIDDEN_CLASSES,
  TENANT_FIRST,
  LOGS_THROUGH_PINO,
  prettier,
];
