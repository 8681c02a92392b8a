/** jest: TypeScript through ts-jest, JupyterLab/lumino ES modules transformed too. */
const esModules = ['@jupyterlab', '@jupyter', '@lumino', '@dagrejs', 'lib0', 'y-protocols', 'yjs', 'nanoid'].join('|');

module.exports = {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/__tests__/**/*.spec.ts?(x)'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: { allowJs: true, esModuleInterop: true, jsx: 'react', module: 'commonjs', skipLibCheck: true, strict: true, types: ['jest'] }, diagnostics: { warnOnly: false } }],
    '^.+\\.jsx?$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }]
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esModules}))`],
  moduleNameMapper: { '\\.(css|svg)$': '<rootDir>/src/__tests__/fileStub.js' },
  modulePathIgnorePatterns: ['<rootDir>/.venv', '<rootDir>/lineage_ext/labextension', '<rootDir>/ui-tests', '<rootDir>/lib'],
  setupFiles: ['<rootDir>/src/__tests__/setup.js']
};
