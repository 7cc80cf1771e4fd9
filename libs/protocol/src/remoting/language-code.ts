/** LanguageCode: names travel in JSON headers, numbers in ROCKETMQ binary headers (protocol.md §1.2). */
export const LANGUAGE_CODES: readonly string[] = [
  'JAVA',
  'CPP',
  'DOTNET',
  'PYTHON',
  'DELPHI',
  'ERLANG',
  'RUBY',
  'OTHER',
  'HTTP',
  'GO',
  'PHP',
  'OMS',
  'RUST',
];

export function languageName(code: number): string {
  return LANGUAGE_CODES[code] ?? 'OTHER';
}

export function languageCode(name: string): number {
  const code = LANGUAGE_CODES.indexOf(name);
  return code < 0 ? LANGUAGE_CODES.indexOf('OTHER') : code;
}
