import { MalformedJsonError } from '../errors/malformed-json.error';
import { parseLenientJson, toStandardJson } from './lenient-json.parser';

describe('lenient JSON parser', () => {
  it('reads standard JSON, objects as ordered Maps', () => {
    const value = parseLenientJson('{"b":[1,-2.5e3,true,null,"x\\u00e9\\n"],"a":{}}');
    expect(value).toEqual(
      new Map<string, unknown>([
        ['b', [1, -2500, true, null, 'xé\n']],
        ['a', new Map()],
      ]),
    );
  });

  it('reads bare numeric keys as their literal text, keeping document order', () => {
    const value = parseLenientJson('{"brokerAddrs":{1:"b",0:"a",-1:"c"}}') as Map<
      string,
      Map<string, string>
    >;
    expect([...value.get('brokerAddrs')!.entries()]).toEqual([
      ['1', 'b'],
      ['0', 'a'],
      ['-1', 'c'],
    ]);
  });

  it('reads object keys as their canonical JSON text, the same as a string key holding that JSON', () => {
    const asObject = parseLenientJson('{{"brokerName":"b","queueId":0,"topic":"T"}:1}') as Map<
      string,
      number
    >;
    const asString = parseLenientJson(
      '{"{\\"brokerName\\":\\"b\\",\\"queueId\\":0,\\"topic\\":\\"T\\"}":1}',
    ) as Map<string, number>;
    expect([...asObject.keys()]).toEqual(['{"brokerName":"b","queueId":0,"topic":"T"}']);
    expect([...asString.keys()]).toEqual([...asObject.keys()]);
  });

  it('accepts identifier keys, single quotes, a BOM and whitespace', () => {
    expect(toStandardJson(parseLenientJson("\ufeff { name : 'x' ,\n\t n: 1 } "))).toBe('{"name":"x","n":1}');
  });

  it('leaves integers beyond 2^53 detectably unsafe', () => {
    const value = parseLenientJson('[9007199254740993]') as number[];
    expect(Number.isSafeInteger(value[0])).toBe(false);
  });

  it.each([
    ['an empty document', ''],
    ['a missing colon', '{"a" 1}'],
    ['a trailing comma', '[1,]'],
    ['an unterminated string', '"abc'],
    ['a bad escape', '"\\x"'],
    ['text after the value', '{} {}'],
    ['a bare word value', '{"a":yes}'],
    ['an array key', '{[1]:2}'],
  ])('rejects %s with MalformedJsonError', (_name, text) => {
    expect(() => parseLenientJson(text)).toThrow(MalformedJsonError);
  });

  it('bounds nesting depth', () => {
    expect(() => parseLenientJson('['.repeat(300) + ']'.repeat(300))).toThrow(MalformedJsonError);
    expect(() => parseLenientJson('[[[]]]', { maxDepth: 2 })).toThrow(/nesting deeper than 2/);
    expect(parseLenientJson('[[[]]]', { maxDepth: 3 })).toEqual([[[]]]);
  });
});
