import {
  artifactNameError,
  isPythonIdentifier,
  MAX_NAME_LENGTH,
  pythonString
} from '../names';

// The same cases as lineage_ext/store/names.py refuses and accepts.
describe('artifact names (mirror of the store rules)', () => {
  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['\t\n', 'must not be empty'],
    ['a'.repeat(MAX_NAME_LENGTH + 1), 'the limit is 200'],
    ['a/b', 'path separator'],
    ['a\\b', 'path separator'],
    ['..', "'..'"],
    ['a..b', "'..'"],
    ['.', "'..'"],
    ['a\u0000b', 'control character U+0000'],
    ['a\u0007', 'control character U+0007'],
    ['a\u200bb', 'control character U+200B'],
    ['a\u2028b', 'control character U+2028'],
    [' lead', 'whitespace'],
    ['trail ', 'whitespace'],
    ['x\u00a0', 'whitespace']
  ])('refuses %j', (name, message) => {
    expect(artifactNameError(name)).toContain(message);
  });

  it.each([
    'model',
    'clean data v2',
    'df.parquet',
    'ü-名前',
    'a'.repeat(MAX_NAME_LENGTH),
    '😀'.repeat(MAX_NAME_LENGTH)
  ])('accepts %j', name => {
    expect(artifactNameError(name)).toBeNull();
  });

  it('counts code points, as Python does', () => {
    expect(artifactNameError('😀'.repeat(MAX_NAME_LENGTH + 1))).toContain(
      '201 characters'
    );
  });

  it('knows Python identifiers and writes Python string literals', () => {
    expect(isPythonIdentifier('df_2')).toBe(true);
    expect(isPythonIdentifier('ñame')).toBe(true);
    expect(isPythonIdentifier('2x')).toBe(false);
    expect(isPythonIdentifier('a.b')).toBe(false);
    expect(isPythonIdentifier('x); import os')).toBe(false);
    expect(pythonString('it\'s "q"\n')).toBe('"it\'s \\"q\\"\\n"');
    expect(pythonString('a\u2028b')).toBe('"a\\u2028b"');
  });
});
