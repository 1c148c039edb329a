/**
 * ffmpeg arguments for the demo camera's synthetic scene: a front door, a path, sensor grain, and a figure that
 * walks past every `periodSeconds` (visible for `walkSeconds`), published to an RTSP URL. Generated at run time,
 * so no footage ships in the repository.
 */
export function demoSceneArgs(options: {
  rtspUrl: string;
  width?: number;
  height?: number;
  fps?: number;
  periodSeconds?: number;
  walkSeconds?: number;
}): string[] {
  const w = options.width ?? 1280;
  const h = options.height ?? 720;
  const fps = options.fps ?? 10;
  const period = options.periodSeconds ?? 20;
  const walk = options.walkSeconds ?? 7;
  const s = (v: number) => Math.round(v * (w / 640));
  const speed = (w + s(160)) / walk;
  const scene =
    `color=c=0x5b6e4a:s=${w}x${h}:r=${fps},` +
    `drawbox=x=${s(250)}:y=${s(60)}:w=${s(140)}:h=${s(230)}:color=0x6b4226@1:t=fill,` +
    `drawbox=x=0:y=${s(290)}:w=${w}:h=${h - s(290)}:color=0x9e9e94@1:t=fill,` +
    `noise=alls=5:allf=t[bg];` +
    `color=c=0x2c3e70:s=${s(60)}x${s(170)}:r=${fps},drawbox=x=${s(15)}:y=0:w=${s(30)}:h=${s(36)}:color=0xe0b090@1:t=fill[p];` +
    `[bg][p]overlay=x='if(lt(mod(t\\,${period})\\,${walk})\\,-${s(80)}+mod(t\\,${period})*${speed.toFixed(1)}\\,-${s(200)})':y=${s(150)}:eval=frame,format=yuv420p[out0]`;
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    // The scene is a lavfi input (not -filter_complex) so -re paces it at real time, like a live camera.
    '-re',
    '-f',
    'lavfi',
    '-i',
    scene,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-g',
    String(fps),
    '-b:v',
    '1500k',
    '-f',
    'rtsp',
    '-rtsp_transport',
    'tcp',
    options.rtspUrl,
  ];
}
