const { createCjsPreset } = require('jest-preset-angular/presets');

// One jest run for everything: unit tests beside the code, integration tests against the real
// Temporal and FerretDB servers that test/support/global-setup.ts starts on free ports.
/** Packages that ship only ES modules; ts-jest turns them into CommonJS for jest. */
const esmPackages = ['feelin', 'lezer-feel', '@lezer', 'bpmn-moddle', 'moddle', 'moddle-xml', 'min-dash', 'saxen', 'luxon', 'temporal-polyfill', 'temporal-utils', 'temporal-spec'];

/** Server side: unit tests beside the code, integration tests against the real servers, browser tests in e2e/. */
const server = {
  displayName: 'server',
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/data/', '/dist/', '/admin-ui/', '/operator-ui/', '/ui-shared/'],
  modulePathIgnorePatterns: ['<rootDir>/data/', '<rootDir>/dist/'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', esModuleInterop: true, resolveJsonModule: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** The Angular apps: component and logic tests (`*.spec.ts`) in jsdom through jest-preset-angular, zoneless like the apps. */
const ui = {
  displayName: 'ui',
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  roots: ['<rootDir>/admin-ui', '<rootDir>/operator-ui', '<rootDir>/ui-shared'],
  testMatch: ['**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/ui-setup.ts'],
  moduleNameMapper: { '^@ui/(.*)$': '<rootDir>/ui-shared/$1' },
  // The SOP designer checks FEEL with feelin in the browser; its ES modules become CommonJS here too.
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')}|.*\\.mjs$))`],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [server, ui],
  testTimeout: 120_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/totals-reporter.js'],
};
