import { fixturePath } from '@rmq/testing';
import { readFileSync } from 'node:fs';
import { isKnownRequestCode, RequestCode, requestCodeName } from './request-code';
import { isSendStored, ResponseCode, responseCodeName } from './response-code';

/** The code/name pairs protocol.md §2.1-2.2 lists as single entries (`| 310 | SEND_MESSAGE_V2 |`). */
function codesListedIn(section: RegExp): Array<[number, string]> {
  // protocol.md sits two levels above the fixtures (shared/fixtures/rocketmq-4.9.8).
  const doc = readFileSync(fixturePath('..', '..', 'protocol.md'), 'utf8');
  const text = section.exec(doc)?.[0] ?? '';
  return [...text.matchAll(/\|\s*\**(\d+)\**\s*\|\s*\**([A-Z][A-Z0-9_]+)\**\s*(?=\|)/g)].map((m) => [
    Number(m[1]),
    m[2]!,
  ]);
}

describe('RequestCode and ResponseCode', () => {
  it('match every single-code row of protocol.md §2.2', () => {
    const rows = codesListedIn(/### 2\.2[\s\S]*?### 2\.3/);
    expect(rows.length).toBeGreaterThan(60);
    for (const [code, name] of rows) expect([code, requestCodeName(code)]).toEqual([code, name]);
  });

  it('match every single-code row of protocol.md §2.1', () => {
    const rows = codesListedIn(/### 2\.1[\s\S]*?### 2\.2/);
    expect(rows.length).toBeGreaterThan(25);
    for (const [code, name] of rows) expect([code, responseCodeName(code)]).toEqual([code, name]);
  });

  it('have no duplicate values', () => {
    expect(new Set(Object.values(RequestCode)).size).toBe(Object.keys(RequestCode).length);
    expect(new Set(Object.values(ResponseCode)).size).toBe(Object.keys(ResponseCode).length);
  });

  it('name unknown codes with a bounded label', () => {
    expect([
      requestCodeName(9999),
      responseCodeName(-1),
      isKnownRequestCode(9999),
      isKnownRequestCode(310),
    ]).toEqual(['UNKNOWN', 'UNKNOWN', false, true]);
  });

  it('treat 10, 11 and 12 as stored sends', () => {
    expect([0, 10, 11, 12, 13, 1].map(isSendStored)).toEqual([true, true, true, true, false, false]);
  });
});
