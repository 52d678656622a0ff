import path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      TEMPORAL_PORT: 7233,
      TEMPORAL_UI_PORT: 8233,
      TEMPORAL_METRICS_PORT: 0,
      FERRETDB_PORT: 27017,
      temporalAddress: '127.0.0.1:7233',
      mongoUri: 'mongodb://127.0.0.1:27017/',
    });
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.SMTP_FROM).toBe('CityOps <no-reply@cityops.local>');
  });
  it('prefers external servers when given', () => {
    const c = loadConfig({ TEMPORAL_ADDRESS: 'temporal.example:7233', MONGODB_URI: 'mongodb://db/' });
    expect(c.temporalAddress).toBe('temporal.example:7233');
    expect(c.mongoUri).toBe('mongodb://db/');
  });
  it('names the variable at fault', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ CITYOPS_JWT_SECRET: 'short' })).toThrow(/CITYOPS_JWT_SECRET/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ MQTT_URL: 'http://broker.example' })).toThrow(/MQTT_URL/);
    expect(() => loadConfig({ TEMPORAL_DYNAMIC_CONFIG: '[1, 2]' })).toThrow(/TEMPORAL_DYNAMIC_CONFIG: must be a JSON object/);
    expect(() => loadConfig({ TEMPORAL_DYNAMIC_CONFIG: '{"history.cacheMaxSize": 64' })).toThrow(/TEMPORAL_DYNAMIC_CONFIG/);
  });
  it('reads extra dynamic-config values for the embedded Temporal as a JSON object', () => {
    expect(loadConfig({}).TEMPORAL_DYNAMIC_CONFIG).toEqual({});
    expect(loadConfig({ TEMPORAL_DYNAMIC_CONFIG: '{"history.cacheMaxSize": 64, "history.cacheTTL": "10m"}' }).TEMPORAL_DYNAMIC_CONFIG).toEqual({
      'history.cacheMaxSize': 64,
      'history.cacheTTL': '10m',
    });
  });
  it('leaves MQTT off unless MQTT_URL is set, with a stable default client id', () => {
    expect(loadConfig({}).MQTT_URL).toBeUndefined();
    const c = loadConfig({ MQTT_URL: 'mqtt://127.0.0.1:1883' });
    expect(c.MQTT_URL).toBe('mqtt://127.0.0.1:1883');
    expect(c.mqttClientId).toBe(loadConfig({}).mqttClientId);
    expect(c.mqttClientId).toMatch(/^cityops-api-/);
    expect(loadConfig({ MQTT_CLIENT_ID: 'api-2' }).mqttClientId).toBe('api-2');
  });
});
