/**
 * A `.properties` reader with java.util.Properties.load semantics (comments, separators, line
 * continuations, escapes). Each entry keeps the file name and the 1-based line of its key; for a
 * duplicated key the last one wins and a warning names both lines. `${user.home}` stays literal.
 */
import { ConfigIssue, configIssue } from './config-issue';
import { Assignment } from './config-source';

export interface PropertiesParseResult {
  /** One entry per distinct key, in order of first appearance, holding the last value given. */
  readonly entries: readonly Assignment[];
  readonly issues: readonly ConfigIssue[];
}

interface LogicalLine {
  readonly text: string;
  readonly lineNumber: number;
}

const WHITESPACE = new Set([' ', '\t', '\f']);

/** Parses `text` as the contents of `fileName` (used only to label sources). */
export function parseProperties(text: string, fileName: string): PropertiesParseResult {
  const issues: ConfigIssue[] = [];
  const byKey = new Map<string, Assignment>();
  for (const line of logicalLines(text)) {
    const source = { kind: 'file', file: fileName, line: line.lineNumber } as const;
    const split = splitKeyValue(line.text);
    const key = unescape(split.rawKey);
    const value = unescape(split.rawValue);
    if (key.error !== undefined || value.error !== undefined) {
      issues.push(configIssue('error', source, `${key.error ?? value.error}`));
      continue;
    }
    const previous = byKey.get(key.text);
    if (previous !== undefined && previous.source.kind === 'file') {
      const msg = `duplicate key '${key.text}' (also at line ${previous.source.line}); the last value wins`;
      issues.push(configIssue('warning', source, msg));
    }
    byKey.set(key.text, { key: key.text, value: value.text, source });
  }
  return { entries: [...byKey.values()], issues };
}

/**
 * Joins natural lines (ended by \n, \r or \r\n) into logical lines: blank and comment lines are
 * dropped, leading whitespace goes, and an odd number of trailing backslashes continues the line
 * (the continuation's own leading whitespace is dropped too). A comment cannot be continued.
 */
function* logicalLines(text: string): Generator<LogicalLine> {
  const natural = text.split(/\r\n|\r|\n/);
  let pending: LogicalLine | undefined;
  for (let i = 0; i < natural.length; i++) {
    const stripped = stripLeadingWhitespace(natural[i] ?? '');
    if (pending === undefined) {
      if (stripped === '' || stripped.startsWith('#') || stripped.startsWith('!')) continue;
    }
    const continues = trailingBackslashes(stripped) % 2 === 1;
    const body = continues ? stripped.slice(0, -1) : stripped;
    const joined: LogicalLine =
      pending === undefined ? { text: body, lineNumber: i + 1 } : { ...pending, text: pending.text + body };
    if (continues) {
      pending = joined;
    } else {
      pending = undefined;
      yield joined;
    }
  }
  if (pending !== undefined) yield pending;
}

function stripLeadingWhitespace(line: string): string {
  let start = 0;
  while (start < line.length && WHITESPACE.has(line.charAt(start))) start++;
  return line.slice(start);
}

function trailingBackslashes(line: string): number {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line.charAt(i) === '\\'; i--) count++;
  return count;
}

/**
 * The key ends at the first unescaped `=`, `:` or whitespace. Then whitespace is skipped, one `=`
 * or `:` too if the key did not already end on one, then whitespace again; the rest is the value
 * (trailing whitespace included, as in Java).
 */
function splitKeyValue(line: string): { rawKey: string; rawValue: string } {
  let keyEnd = 0;
  let hasSeparator = false;
  while (keyEnd < line.length) {
    const c = line.charAt(keyEnd);
    if (c === '\\') {
      keyEnd += 2;
      continue;
    }
    if (c === '=' || c === ':') {
      hasSeparator = true;
      break;
    }
    if (WHITESPACE.has(c)) break;
    keyEnd++;
  }
  keyEnd = Math.min(keyEnd, line.length);
  let valueStart = hasSeparator ? keyEnd + 1 : keyEnd;
  while (valueStart < line.length) {
    const c = line.charAt(valueStart);
    if (!WHITESPACE.has(c)) {
      if (hasSeparator || (c !== '=' && c !== ':')) break;
      hasSeparator = true;
    }
    valueStart++;
  }
  return { rawKey: line.slice(0, keyEnd), rawValue: line.slice(valueStart) };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** Java's loadConvert: `\t \n \r \f \uXXXX`, and a backslash before any other character drops. */
function unescape(raw: string): { text: string; error?: string } {
  if (!raw.includes('\\')) return { text: raw };
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw.charAt(++i);
    if (next === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { text: out, error: `malformed \\uXXXX escape '\\u${hex}'` };
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return { text: out };
}
