import { writeFastJson, formatJavaDouble, quoteJavaString } from './fast-json.writer';
import { JavaDouble, JavaKeyTypes, JavaMap, JavaSet, objectKeyType } from './java-collections';

describe('fastjson writer: beans', () => {
  it('writes fields alphabetically and leaves out null and undefined', () => {
    expect(writeFastJson({ b: 1, a: 'x', c: null, d: undefined, B: true })).toBe('{"B":true,"a":"x","b":1}');
  });

  it('writes lists in order, with nulls kept', () => {
    expect(writeFastJson({ l: [3, null, 'a'], e: [] })).toBe('{"e":[],"l":[3,null,"a"]}');
  });

  it('writes an empty bean as {}', () => {
    expect(writeFastJson({ x: undefined })).toBe('{}');
  });
});

describe('fastjson writer: Java maps and sets', () => {
  it('writes Long keys bare and quotes them in browser-compatible mode', () => {
    const map = new JavaMap(JavaKeyTypes.LONG, [
      [1, 'b'],
      [0, 'a'],
    ]);
    expect(writeFastJson(map)).toBe('{0:"a",1:"b"}');
    expect(writeFastJson(map, { browserCompatible: true })).toBe('{"0":"a","1":"b"}');
  });

  it('orders String keys as a HashMap and as a TreeMap with sortMapKeys', () => {
    const map = new JavaMap(JavaKeyTypes.STRING, [
      ['queueOffset', 1],
      ['msgId', 2],
      ['queueId', 3],
    ]);
    expect(writeFastJson(map)).toBe('{"queueId":3,"msgId":2,"queueOffset":1}');
    expect(writeFastJson(map, { sortMapKeys: true })).toBe('{"msgId":2,"queueId":3,"queueOffset":1}');
  });

  it('keeps the first position of a re-put key with its last value', () => {
    const map = new JavaMap(JavaKeyTypes.INTEGER, [
      [0, 1],
      [1, 2],
      [0, 3],
    ]);
    expect(writeFastJson(map)).toBe('{0:3,1:2}');
  });

  it('writes object keys as JSON objects, or as quoted JSON text when browser-compatible', () => {
    const keyType = objectKeyType(
      (k: { id: number }) => k.id,
      (a, b) => a.id - b.id,
      (k) => ({ id: k.id, name: 'q' }),
    );
    const map = new JavaMap(keyType, [[{ id: 2 }, 'v']]);
    expect(writeFastJson(map)).toBe('{{"id":2,"name":"q"}:"v"}');
    expect(writeFastJson(map, { browserCompatible: true })).toBe('{"{\\"id\\":2,\\"name\\":\\"q\\"}":"v"}');
  });

  it('writes a HashSet in hash order', () => {
    expect(writeFastJson(new JavaSet(JavaKeyTypes.STRING, ['queueOffset', 'msgId', 'queueId']))).toBe(
      '["queueId","msgId","queueOffset"]',
    );
    // 17 and 1 share bucket 1 of 16: insertion order decides between them.
    expect(writeFastJson(new JavaSet(JavaKeyTypes.INTEGER, [2, 17, 1]))).toBe('[17,1,2]');
    expect(writeFastJson(new JavaSet(JavaKeyTypes.INTEGER, [1, 2, 17]))).toBe('[1,17,2]');
  });
});

describe('fastjson writer: pretty format', () => {
  it('indents beans with tabs and keeps bare-key entries on the brace line', () => {
    const json = {
      offsetTable: new JavaMap(JavaKeyTypes.STRING, [['T@G', new JavaMap(JavaKeyTypes.INTEGER, [[0, 5]])]]),
    };
    expect(writeFastJson(json, { pretty: true })).toBe('{\n\t"offsetTable":{\n\t\t"T@G":{0:5\n\t\t}\n\t}\n}');
  });

  it('writes empty maps and lists compactly', () => {
    expect(writeFastJson({ m: new JavaMap(JavaKeyTypes.STRING, []), l: [] }, { pretty: true })).toBe(
      '{\n\t"l":[],\n\t"m":{}\n}',
    );
  });
});

describe('fastjson writer: scalars', () => {
  it.each([
    [0, '0.0'],
    [1, '1.0'],
    [0.5, '0.5'],
    [1234567.5, '1234567.5'],
    [1e7, '1.0E7'],
    [1.5e-4, '1.5E-4'],
    [-2.5e10, '-2.5E10'],
    [Number.NaN, 'null'],
  ])('Double %d is written %s', (value, text) => {
    expect(formatJavaDouble(value)).toBe(text);
    expect(writeFastJson(new JavaDouble(value))).toBe(text);
  });

  it('writes non-integral numbers as doubles and integral ones as longs', () => {
    expect(writeFastJson([1795622117570, 2.5, -0])).toBe('[1795622117570,2.5,0]');
  });

  it('escapes as fastjson does by default', () => {
    expect(quoteJavaString('a"b\\c\n\t\u0001\u007f\u2028é/')).toBe(
      '"a\\"b\\\\c\\n\\t\\u0001\\u007F\\u2028é/"',
    );
  });

  it('escapes slash and non-ASCII in browser-compatible mode', () => {
    expect(quoteJavaString('é/x', true)).toBe('"\\u00E9\\/x"');
  });
});
