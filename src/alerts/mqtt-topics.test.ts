import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cameraIdOfDiscoveryTopic,
  cameraIdOfRingTopic,
  cameraTopics,
  discoveryConfig,
  discoveryFilter,
  discoveryTopic,
  ringFilter,
  ringToken,
} from './mqtt-topics.js';

const p = { topic: 'porchlight', discovery: 'homeassistant' };
const id = '0b9a4a4e-6f0e-4b7e-9d3c-2f1c9b1e7a10';

test('topics: ring in, state and alerts out, under the configured prefix', () => {
  assert.equal(ringFilter(p), 'porchlight/cameras/+/ring');
  assert.deepEqual(cameraTopics({ topic: 'home/porch', discovery: 'ha' }, id), {
    ring: `home/porch/cameras/${id}/ring`,
    motion: `home/porch/cameras/${id}/motion`,
    online: `home/porch/cameras/${id}/online`,
    doorbell: `home/porch/cameras/${id}/doorbell`,
    snapshot: `home/porch/cameras/${id}/snapshot`,
    alert: `home/porch/cameras/${id}/alert`,
  });
  assert.equal(cameraIdOfRingTopic(p, `porchlight/cameras/${id}/ring`), id);
  assert.equal(cameraIdOfRingTopic(p, `porchlight/cameras/${id.toUpperCase()}/ring`), id);
  for (const bad of [
    `porchlight/cameras/${id}/motion`,
    `other/cameras/${id}/ring`,
    'porchlight/cameras/not-an-id/ring',
    `porchlight/cameras/${id}/x/ring`,
  ])
    assert.equal(cameraIdOfRingTopic(p, bad), null, bad);
});

test('ring payloads: anything rings; a JSON token is read when present', () => {
  assert.equal(ringToken(Buffer.from('')), undefined);
  assert.equal(ringToken(Buffer.from('ON')), undefined);
  assert.equal(ringToken(Buffer.from('{"action":"single"}')), undefined);
  assert.equal(ringToken(Buffer.from('{"token":"abc"}')), 'abc');
  assert.equal(ringToken(Buffer.from('{"token":42}')), '', 'a token of the wrong type is a wrong token');
  assert.equal(ringToken(Buffer.from('{not json')), undefined);
});

test('discovery: one topic per entity under the node id, parsed back for the sweep', () => {
  assert.equal(discoveryTopic(p, id, 'motion'), `homeassistant/binary_sensor/porchlight/${id}_motion/config`);
  assert.equal(discoveryTopic(p, id, 'doorbell'), `homeassistant/event/porchlight/${id}_doorbell/config`);
  assert.equal(discoveryTopic(p, id, 'snapshot'), `homeassistant/image/porchlight/${id}_snapshot/config`);
  assert.equal(discoveryFilter({ topic: 'home/porch', discovery: 'ha' }), 'ha/+/home_porch/+/config');
  assert.equal(cameraIdOfDiscoveryTopic(p, discoveryTopic(p, id, 'online')), id);
  assert.equal(cameraIdOfDiscoveryTopic(p, `homeassistant/binary_sensor/other/${id}_motion/config`), null);
  assert.equal(cameraIdOfDiscoveryTopic(p, 'homeassistant/binary_sensor/porchlight/x_motion/config'), null);
});

test('discovery configs: unique ids, one device per camera, availability, the fields Home Assistant reads', () => {
  const cam = { id, name: 'Front door' };
  const motion = discoveryConfig(p, cam, 'motion', '1.2.3');
  assert.equal(motion.unique_id, `porchlight_${id}_motion`);
  assert.equal(motion.device_class, 'motion');
  assert.equal(motion.state_topic, `porchlight/cameras/${id}/motion`);
  assert.deepEqual(motion.availability, [
    { topic: 'porchlight/availability', payload_available: 'online', payload_not_available: 'offline' },
  ]);
  assert.deepEqual(motion.device, {
    identifiers: [`porchlight_${id}`],
    name: 'Front door',
    manufacturer: 'Porchlight',
    model: 'Doorbell camera',
    sw_version: '1.2.3',
  });
  const bell = discoveryConfig(p, cam, 'doorbell', '1');
  assert.deepEqual([bell.device_class, bell.event_types], ['doorbell', ['ring']]);
  const image = discoveryConfig(p, cam, 'snapshot', '1');
  assert.deepEqual(
    [image.image_topic, image.content_type],
    [`porchlight/cameras/${id}/snapshot`, 'image/jpeg'],
  );
  const online = discoveryConfig(p, cam, 'online', '1');
  assert.deepEqual([online.device_class, online.entity_category], ['connectivity', 'diagnostic']);
});
