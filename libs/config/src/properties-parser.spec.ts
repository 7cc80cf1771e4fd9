import { formatIssue } from './config-issue';
import { parseProperties } from './properties-parser';

function entries(text: string): Record<string, string> {
  return Object.fromEntries(parseProperties(text, 'x.properties').entries.map((e) => [e.key, e.value]));
}

describe('parseProperties (java.util.Properties.load semantics)', () => {
  it('accepts key=value, key:value and key value, skipping leading whitespace', () => {
    expect(entries('a=1\nb:2\nc 3\n  \t d = 4\ne\t:\t5\nf  =  6')).toEqual({
      a: '1',
      b: '2',
      c: '3',
      d: '4',
      e: '5',
      f: '6',
    });
  });

  it('skips # and ! comments and blank lines', () => {
    expect(entries('# comment\n! also\n   # indented comment\n\n\t\na=1\n')).toEqual({ a: '1' });
  });

  it('keeps empty values and a key alone on its line', () => {
    expect(entries('a=\nb\nc:\nd   \n')).toEqual({ a: '', b: '', c: '', d: '' });
  });

  it('keeps trailing whitespace of a value and only the first separator', () => {
    expect(entries('a=1  \nb==2\nc = :3\nd=x=y')).toEqual({ a: '1  ', b: '=2', c: ':3', d: 'x=y' });
  });

  it('joins continuation lines, dropping their leading whitespace', () => {
    expect(entries('list=a;\\\n    b;\\\n\tc\nnext=1')).toEqual({ list: 'a;b;c', next: '1' });
  });

  it('does not continue on an even number of trailing backslashes', () => {
    expect(entries('a=x\\\\\nb=y')).toEqual({ a: 'x\\', b: 'y' });
  });

  it('does not treat # as a comment inside a continuation, nor continue a comment', () => {
    expect(entries('a=x\\\n#y\n# comment \\\nb=z')).toEqual({ a: 'x#y', b: 'z' });
  });

  it('ends a continuation at an empty line or at the end of the file', () => {
    expect(entries('a=x\\\n\nb=y\\')).toEqual({ a: 'x', b: 'y' });
  });

  it('handles \\r\\n and lone \\r line ends', () => {
    expect(entries('a=1\r\nb=2\rc=3')).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('decodes escapes in keys and values', () => {
    expect(
      entries('t=a\\tb\nn=a\\nb\nr=a\\rb\nf=a\\fb\nbs=a\\\\b\nu=\\u4e2d\\u0041\nq=\\=\\:\\ \\#\\q'),
    ).toEqual({
      t: 'a\tb',
      n: 'a\nb',
      r: 'a\rb',
      f: 'a\fb',
      bs: 'a\\b',
      u: '中A',
      q: '=: #q',
    });
    expect(entries('my\\ key\\=x=1\nk\\:y:2')).toEqual({ 'my key=x': '1', 'k:y': '2' });
  });

  it('leaves ${user.home} as written (Java does not expand it)', () => {
    expect(entries('storePathRootDir=${user.home}/store')).toEqual({
      storePathRootDir: '${user.home}/store',
    });
  });

  it('records the 1-based line of each key, the first line of a continued entry', () => {
    const result = parseProperties('# c\n\na=1\nb=x\\\n  y\nc=2', 'broker-a.properties');
    expect(result.entries.map((e) => [e.key, e.source])).toEqual([
      ['a', { kind: 'file', file: 'broker-a.properties', line: 3 }],
      ['b', { kind: 'file', file: 'broker-a.properties', line: 4 }],
      ['c', { kind: 'file', file: 'broker-a.properties', line: 6 }],
    ]);
  });

  it('lets the last duplicate win and warns with both lines', () => {
    const result = parseProperties('listenPort=1\nother=x\nlistenPort=2\n', 'b.properties');
    expect(result.entries.find((e) => e.key === 'listenPort')).toEqual({
      key: 'listenPort',
      value: '2',
      source: { kind: 'file', file: 'b.properties', line: 3 },
    });
    expect(result.issues.map(formatIssue)).toEqual([
      "b.properties:3: duplicate key 'listenPort' (also at line 1); the last value wins",
    ]);
  });

  it('reports a malformed \\u escape as an error with its line and skips the entry', () => {
    const result = parseProperties('a=1\nb=\\u12G4\n', 'b.properties');
    expect(result.entries.map((e) => e.key)).toEqual(['a']);
    expect(result.issues.map((i) => [i.severity, formatIssue(i)])).toEqual([
      ['error', "b.properties:2: malformed \\uXXXX escape '\\u12G4'"],
    ]);
  });
});
