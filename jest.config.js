// One jest run for everything: unit tests beside the code, integration tests against the real
// Temporal and FerretDB servers that test/support/global-setup.ts starts on free ports.
/** Packages that ship only ES modules; ts-jest turns them into CommonJS for jest. */
const esmPackages = ['feelin', 'lezer-feel', '@lezer', 'bpmn-moddle', 'moddle', 'moddle-xml', 'min-dash', 'saxen', 'luxon', 'temporal-polyfill', 'temporal-utils', 'temporal-spec'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/data/', '/admin-ui/', '/operator-ui/'],
  modulePathIgnorePatterns: ['<rootDir>/data/'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', esModuleInterop: true, resolveJsonModule: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/totals-reporter.js'],
};
