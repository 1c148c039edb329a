import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CONFIG_KEYS, ConfigError, loadConfig } from './config.js';

test('defaults give a local single-process server on 127.0.0.1:8080 with ./data', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.dataDir, path.resolve('./data'));
  assert.equal(c.databaseUrl, undefined);
  assert.deepEqual(c.roles, ['hub', 'community']);
});

test('every invalid key is reported at once', () => {
  try {
    loadConfig({
      PORCHLIGHT_PORT: 'eighty',
      PORCHLIGHT_DATABASE_URL: 'mysql://x',
      PORCHLIGHT_LOG_LEVEL: 'loud',
      PORCHLIGHT_PROT: '1',
      PORCHLIGHT_TRUST_PROXY: 'maybe',
    });
    assert.fail('expected ConfigError');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    const text = e.problems.join('\n');
    for (const key of [
      'PORCHLIGHT_PORT',
      'PORCHLIGHT_DATABASE_URL',
      'PORCHLIGHT_LOG_LEVEL',
      'PORCHLIGHT_PROT',
      'PORCHLIGHT_TRUST_PROXY',
    ])
      assert.match(text, new RegExp(key));
    assert.equal(e.problems.length, 5);
  }
});

test('valid values are parsed to their types', () => {
  const c = loadConfig({
    PORCHLIGHT_PORT: '9090',
    PORCHLIGHT_HOST: '0.0.0.0',
    PORCHLIGHT_DATA_DIR: '/tmp/pl',
    PORCHLIGHT_DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
    PORCHLIGHT_TRUST_PROXY: 'true',
    PORCHLIGHT_ROLES: 'community',
    PORCHLIGHT_PUBLIC_URL: 'https://porch.example/',
  });
  assert.equal(c.port, 9090);
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.dataDir, '/tmp/pl');
  assert.equal(c.databaseUrl, 'postgres://u@127.0.0.1:5432/db');
  assert.equal(c.trustProxy, true);
  assert.deepEqual(c.roles, ['community']);
  assert.equal(c.publicUrl, 'https://porch.example');
});

test('every key is documented with a PORCHLIGHT_ name', () => {
  for (const k of CONFIG_KEYS) {
    assert.match(k.env, /^PORCHLIGHT_[A-Z_]+$/);
    assert.ok(k.doc.length > 10, `${k.env} needs a doc line`);
  }
});

test('MQTT: off by default; prefixes validated; a bad broker URL is reported without its password', () => {
  const d = loadConfig({});
  assert.equal(d.mqttUrl, undefined);
  assert.equal(d.mqttTopicPrefix, 'porchlight');
  assert.equal(d.mqttDiscoveryPrefix, 'homeassistant');
  const c = loadConfig({
    PORCHLIGHT_MQTT_URL: 'mqtts://hub:s3cret@broker.lan:8883',
    PORCHLIGHT_MQTT_TOPIC_PREFIX: 'home/porch',
  });
  assert.equal(c.mqttUrl, 'mqtts://hub:s3cret@broker.lan:8883');
  assert.equal(c.mqttTopicPrefix, 'home/porch');
  try {
    loadConfig({
      PORCHLIGHT_MQTT_URL: 'http://hub:s3cret@broker.lan:1883',
      PORCHLIGHT_MQTT_TOPIC_PREFIX: 'porch/#',
      PORCHLIGHT_MQTT_CA_FILE: '/nonexistent/ca.pem',
    });
    assert.fail('expected a ConfigError');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.problems.length, 3);
    assert.ok(!e.message.includes('s3cret'), e.message);
    assert.match(e.message, /PORCHLIGHT_MQTT_URL: must start with mqtt: or mqtts:/);
  }
});
