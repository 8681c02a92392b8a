/**
 * Artifact name rules, mirrored from lineage_ext/store/names.py so the save dialog
 * refuses what the store would refuse. Keep the two in step (jest runs the same cases).
 */
export const MAX_NAME_LENGTH = 200;

// Unicode categories Cc, Cf, Zl, Zp (what the store calls control characters)
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Code points Python's str.isspace() accepts, which str.strip() removes. */
const PY_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0,
  0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000
]);

function pyStrip(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && PY_SPACE.has(chars[start].codePointAt(0)!)) {
    start++;
  }
  while (end > start && PY_SPACE.has(chars[end - 1].codePointAt(0)!)) {
    end--;
  }
  return chars.slice(start, end).join('');
}

/** The store's message for an invalid name, or null when the name is accepted. */
export function artifactNameError(name: string): string | null {
  if (!pyStrip(name)) {
    return 'artifact name must not be empty';
  }
  const length = [...name].length; // code points, like Python's len()
  if (length > MAX_NAME_LENGTH) {
    return `artifact name is ${length} characters long; the limit is ${MAX_NAME_LENGTH}`;
  }
  if (name.includes('/') || name.includes('\\')) {
    return 'artifact name must not contain a path separator';
  }
  if (name.includes('..') || name === '.') {
    return "artifact name must not contain '..' or be '.'";
  }
  const control = CONTROL.exec(name);
  if (control) {
    const code = control[0].codePointAt(0) ?? 0;
    return `artifact name contains control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  if (name !== pyStrip(name)) {
    return 'artifact name must not start or end with whitespace';
  }
  return null;
}

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/** A Python identifier (the save dialog only passes plain variable names to the kernel). */
export function isPythonIdentifier(text: string): boolean {
  return IDENTIFIER.test(text);
}

/** A Python string literal for any text (JSON's escapes are valid Python escapes). */
export function pythonString(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
