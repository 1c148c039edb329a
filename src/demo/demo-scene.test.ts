import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSceneArgs } from './demo-scene.js';

test('the demo scene publishes H.264 over RTSP/TCP at real speed with a keyframe every second', () => {
  const args = demoSceneArgs({ rtspUrl: 'rtsp://127.0.0.1:8554/demo', fps: 10 });
  assert.deepEqual(args.slice(0, 7), ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i']);
  assert.deepEqual(args.slice(8), [
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-g',
    '10',
    '-b:v',
    '1500k',
    '-f',
    'rtsp',
    '-rtsp_transport',
    'tcp',
    'rtsp://127.0.0.1:8554/demo',
  ]);
  assert.match(args[7]!, /^color=c=0x5b6e4a:s=1280x720:r=10,/);
  assert.match(args[7]!, /overlay=x='if\(lt\(mod\(t\\,20\)\\,7\)/, 'a figure walks past every 20 s for 7 s');
});

test('the scene scales with the frame size', () => {
  const args = demoSceneArgs({ rtspUrl: 'rtsp://x/y', width: 640, height: 360 });
  assert.match(args[7]!, /s=640x360/);
  assert.match(args[7]!, /drawbox=x=250:y=60:w=140:h=230/);
});
