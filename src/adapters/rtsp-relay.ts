import net from 'node:net';

/**
 * A small RTSP relay (RFC 2326, TCP-interleaved RTP only): one publisher per path pushes a stream with
 * ANNOUNCE/SETUP/RECORD (as `ffmpeg -f rtsp` does), and any number of players pull it with
 * DESCRIBE/SETUP/PLAY — exactly what an IP camera's RTSP server offers. It carries the demo camera's synthetic
 * scene through the same ingest path as a real camera. It listens on loopback only.
 */
export class RtspRelay {
  private server: net.Server | undefined;
  private readonly publishers = new Map<string, Publisher>();
  private nextSession = 1;

  /** Port the relay listens on, once started. */
  port = 0;

  /** Start listening on 127.0.0.1 (port 0 picks a free one). */
  async start(port: number): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Whether a publisher is currently pushing to a path. */
  isPublishing(path: string): boolean {
    return this.publishers.get(path)?.recording ?? false;
  }

  /** Stop listening and drop every connection. */
  async stop(): Promise<void> {
    for (const p of this.publishers.values()) {
      p.socket.destroy();
      for (const c of p.players) c.socket.destroy();
    }
    this.publishers.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const conn: Connection = {
      socket,
      buffer: Buffer.alloc(0),
      role: 'unknown',
      path: '',
      channels: new Map(),
      session: '',
    };
    socket.on('data', (chunk: Buffer) => {
      conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk;
      try {
        this.drain(conn);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.drop(conn));
  }

  private drop(conn: Connection): void {
    const pub = this.publishers.get(conn.path);
    if (!pub) return;
    if (conn.role === 'publisher' && pub.socket === conn.socket) {
      for (const player of pub.players) player.socket.destroy();
      this.publishers.delete(conn.path);
    } else if (conn.role === 'player') {
      pub.players.delete(conn);
    }
  }

  /** Parse as many complete messages (requests or interleaved frames) as the buffer holds. */
  private drain(conn: Connection): void {
    for (;;) {
      const buf = conn.buffer;
      if (buf.length === 0) return;
      if (buf[0] === 0x24) {
        if (buf.length < 4) return;
        const len = buf.readUInt16BE(2);
        if (buf.length < 4 + len) return;
        const frame = buf.subarray(0, 4 + len);
        conn.buffer = buf.subarray(4 + len);
        if (conn.role === 'publisher') this.relay(conn, frame);
        continue;
      }
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > 16_384) throw new Error('request header too large');
        return;
      }
      const head = buf.subarray(0, end).toString('utf8');
      const headers = parseHeaders(head);
      const bodyLen = Number(headers.get('content-length') ?? '0');
      if (!Number.isInteger(bodyLen) || bodyLen < 0 || bodyLen > 65_536)
        throw new Error('bad content length');
      if (buf.length < end + 4 + bodyLen) return;
      const body = buf.subarray(end + 4, end + 4 + bodyLen).toString('utf8');
      conn.buffer = buf.subarray(end + 4 + bodyLen);
      const [method = '', url = ''] = head.split('\r\n')[0]!.split(' ');
      this.handle(conn, method, url, headers, body);
    }
  }

  private handle(
    conn: Connection,
    method: string,
    url: string,
    headers: Map<string, string>,
    body: string,
  ): void {
    const cseq = headers.get('cseq') ?? '0';
    const reply = (status: string, extra: Record<string, string> = {}, content = '') => {
      const lines = [`RTSP/1.0 ${status}`, `CSeq: ${cseq}`, 'Server: Porchlight demo relay'];
      for (const [k, v] of Object.entries(extra)) lines.push(`${k}: ${v}`);
      if (conn.session) lines.push(`Session: ${conn.session};timeout=60`);
      if (content) lines.push(`Content-Length: ${Buffer.byteLength(content)}`);
      conn.socket.write(`${lines.join('\r\n')}\r\n\r\n${content}`);
    };
    const path = pathOf(url);
    switch (method) {
      case 'OPTIONS':
        return reply('200 OK', {
          Public: 'OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, TEARDOWN, GET_PARAMETER',
        });
      case 'ANNOUNCE': {
        if (this.publishers.get(path)?.recording) return reply('455 Method Not Valid in This State');
        conn.role = 'publisher';
        conn.path = path;
        const controls = [...body.matchAll(/^a=control:(\S+)/gm)].map((m) => m[1]!);
        this.publishers.set(path, {
          socket: conn.socket,
          sdp: body,
          controls,
          channelTrack: new Map(),
          recording: false,
          players: new Set(),
        });
        return reply('200 OK');
      }
      case 'DESCRIBE': {
        const pub = this.publishers.get(path);
        if (!pub?.recording) return reply('404 Not Found');
        return reply(
          '200 OK',
          { 'Content-Type': 'application/sdp', 'Content-Base': `${url.replace(/\/$/, '')}/` },
          pub.sdp,
        );
      }
      case 'SETUP': {
        const transport = headers.get('transport') ?? '';
        const m = /interleaved=(\d+)-(\d+)/.exec(transport);
        if (!/TCP/i.test(transport) || !m) return reply('461 Unsupported Transport');
        const rtp = Number(m[1]);
        if (!conn.session) conn.session = String(this.nextSession++);
        if (conn.role === 'publisher') {
          const pub = this.publishers.get(conn.path);
          if (!pub) return reply('455 Method Not Valid in This State');
          pub.channelTrack.set(rtp, trackIndex(pub.controls, url));
        } else {
          const pub = this.findPublisherFor(url);
          if (!pub) return reply('404 Not Found');
          conn.role = 'player';
          conn.path = pub.path;
          conn.channels.set(trackIndex(pub.publisher.controls, url), rtp);
        }
        return reply('200 OK', { Transport: `RTP/AVP/TCP;unicast;interleaved=${rtp}-${rtp + 1}` });
      }
      case 'RECORD': {
        const pub = this.publishers.get(conn.path);
        if (conn.role !== 'publisher' || !pub) return reply('455 Method Not Valid in This State');
        pub.recording = true;
        return reply('200 OK');
      }
      case 'PLAY': {
        const pub = this.publishers.get(conn.path);
        if (conn.role !== 'player' || !pub) return reply('455 Method Not Valid in This State');
        reply('200 OK', { Range: 'npt=0.000-' });
        pub.players.add(conn);
        return;
      }
      case 'GET_PARAMETER':
      case 'SET_PARAMETER':
        return reply('200 OK');
      case 'TEARDOWN':
        reply('200 OK');
        conn.socket.end();
        return;
      default:
        return reply('501 Not Implemented');
    }
  }

  private findPublisherFor(url: string): { path: string; publisher: Publisher } | undefined {
    // A track URL is the stream URL plus a control suffix; match the longest publishing path it starts with.
    const p = pathOf(url);
    let best: { path: string; publisher: Publisher } | undefined;
    for (const [path, publisher] of this.publishers) {
      if (
        publisher.recording &&
        (p === path || p.startsWith(`${path}/`)) &&
        (!best || path.length > best.path.length)
      )
        best = { path, publisher };
    }
    return best;
  }

  private relay(conn: Connection, frame: Buffer): void {
    const pub = this.publishers.get(conn.path);
    if (!pub) return;
    const channel = frame[1]!;
    // RTCP from the publisher rides on odd channels next to its track's RTP channel.
    const track = pub.channelTrack.get(channel & ~1);
    if (track === undefined) return;
    for (const player of pub.players) {
      const base = player.channels.get(track);
      if (base === undefined) continue;
      // A player that cannot keep up loses frames rather than growing memory without bound.
      if (player.socket.writableLength > 8 * 1024 * 1024) continue;
      const out = Buffer.from(frame);
      out[1] = base + (channel & 1);
      player.socket.write(out);
    }
  }
}

interface Connection {
  socket: net.Socket;
  buffer: Buffer;
  role: 'unknown' | 'publisher' | 'player';
  path: string;
  /** Player: track index → interleaved RTP channel. */
  channels: Map<number, number>;
  session: string;
}

type Player = Connection;

interface Publisher {
  socket: net.Socket;
  sdp: string;
  controls: string[];
  /** Interleaved RTP channel → track index. */
  channelTrack: Map<number, number>;
  recording: boolean;
  players: Set<Player>;
}

function parseHeaders(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/+$/, '') || '/';
  } catch {
    return url;
  }
}

function trackIndex(controls: string[], url: string): number {
  const i = controls.findIndex((c) => url.endsWith(`/${c}`) || url.endsWith(c));
  return i < 0 ? 0 : i;
}
