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
    [{ S3_ENDPOINT: 'http://127.0.0.1:9000' }, 'S3_ENDPOINT'],
    [{ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'key' }, 'S3_SECRET_ACCESS_KEY'],
    [{ S3_BUCKET: 'Not a bucket!' }, 'S3_BUCKET'],
    [{ S3_BUCKET: 'files', S3_FORCE_PATH_STYLE: 'sometimes' }, 'S3_FORCE_PATH_STYLE'],
  ])('fails at start-up naming the variable for %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it('builds links in mail from PUBLIC_URL, by default http on the platform domain and port', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PLATFORM_DOMAIN: 'jamaa.ma', PORT: '80' }).publicUrl).toBe('http://jamaa.ma');
    expect(loadConfig({ PLATFORM_DOMAIN: 'jamaa.ma', PUBLIC_URL: 'https://jamaa.ma/' }).publicUrl).toBe('https://jamaa.ma');
    expect(loadConfig({ PLATFORM_DOMAIN: 'jamaa.ma', PUBLIC_URL: 'https://JAMAA.ma:8443' }).publicUrl).toBe('https://jamaa.ma:8443');
  });

  it.each(['https://evil.example', 'https://jamaa.ma/app', 'https://jamaa.ma?x=1', 'https://u:p@jamaa.ma', 'ftp://jamaa.ma'])(
    'refuses PUBLIC_URL=%s at start-up, naming it',
    (value) => {
      expect(() => loadConfig({ PLATFORM_DOMAIN: 'jamaa.ma', PUBLIC_URL: value })).toThrow(/PUBLIC_URL:/);
    },
  );

  it('keeps files on local disk under JAMAA_DATA_DIR/files unless an S3 bucket is configured', () => {
    expect(loadConfig({ JAMAA_DATA_DIR: '/srv/jamaa' }).storage).toEqual({ kind: 'disk', dir: '/srv/jamaa/files' });
    expect(
      loadConfig({
        S3_BUCKET: 'jamaa-files',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_ACCESS_KEY_ID: 'key',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_FORCE_PATH_STYLE: 'true',
      }).storage,
    ).toEqual({
      kind: 's3',
      bucket: 'jamaa-files',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
    // On AWS with an instance role: no endpoint, no keys.
    expect(loadConfig({ S3_BUCKET: 'jamaa-files', S3_REGION: 'eu-west-3' }).storage).toMatchObject({ region: 'eu-west-3', endpoint: null, credentials: null, forcePathStyle: false });
  });

  it('sends SMS through the gateway of SMS_GATEWAY_URL, with its token and sender; without it, none, and its token alone is refused', () => {
    expect(loadConfig({}).sms).toBeNull();
    expect(loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.ma/send' }).sms).toEqual({ gatewayUrl: 'https://sms.example.ma/send', token: null, sender: 'Jamaa' });
    expect(loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.ma/send', SMS_GATEWAY_TOKEN: 't0ken', SMS_SENDER: 'Settat' }).sms).toEqual({ gatewayUrl: 'https://sms.example.ma/send', token: 't0ken', sender: 'Settat' });
    expect(() => loadConfig({ SMS_GATEWAY_TOKEN: 't0ken' })).toThrow(/SMS_GATEWAY_TOKEN: needs SMS_GATEWAY_URL/);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'ftp://sms.example.ma' })).toThrow(/SMS_GATEWAY_URL/);
  });
});
