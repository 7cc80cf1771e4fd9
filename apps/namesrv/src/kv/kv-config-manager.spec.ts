import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@rmq/testing';
import { KvConfigManager } from './kv-config-manager';

describe('KvConfigManager', () => {
  const tmp = makeTempDir('kv');
  afterAll(() => tmp.remove());

  it('persists puts and deletes and loads them back in a new instance', () => {
    const file = path.join(tmp.dir, 'namesrv', 'kvConfig.json');
    const kv = new KvConfigManager(file);
    kv.put('ORDER_TOPIC_CONFIG', 'T1', 'broker-a:4');
    kv.put('ORDER_TOPIC_CONFIG', 'T2', 'broker-b:2');
    kv.delete('ORDER_TOPIC_CONFIG', 'T2');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      configTable: { ORDER_TOPIC_CONFIG: { T1: 'broker-a:4' } },
    });

    const reloaded = new KvConfigManager(file);
    reloaded.load();
    expect(reloaded.get('ORDER_TOPIC_CONFIG', 'T1')).toBe('broker-a:4');
    expect(reloaded.get('ORDER_TOPIC_CONFIG', 'T2')).toBeUndefined();
  });
});
