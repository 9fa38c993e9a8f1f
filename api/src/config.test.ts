import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./data on port 3000 for localhost', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: null, platformDomain: 'localhost', demo: true });
    expect(config.dataDir.endsWith('/data')).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: null, port: 3000 });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PLATFORM_DOMAIN: 'bad domain' }, 'PLATFORM_DOMAIN'],
    [{ PLATFORM_DOMAIN: '10.0.0.1' }, 'PLATFORM_DOMAIN'],
    [{ JAMAA_DEMO: 'maybe' }, 'JAMAA_DEMO'],
  ])('fails at start-up naming the variable for %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });
});
