import type { WebSocket } from 'ws';

/** Delivers alerts to the web app's open connections (the port the alerts service sees). */
export interface LiveFeed {
  /** Send a JSON message to every open connection of these users; returns how many connections got it. */
  send(userIds: readonly string[], message: unknown): number;
}

/** Options of the connection registry. */
export interface AlertSocketsOptions {
  /** How often each connection is pinged; one without a pong by the next round is dropped. */
  pingIntervalMs: number;
  /** Who a session token belongs to now (null once it ended): checked every round, so sign-out stops alerts. */
  sessionUser: (sessionToken: string) => Promise<string | null>;
  /** A connection whose unsent data grows past this is too slow to keep (bytes). */
  maxBufferedBytes?: number;
  onError?: (error: unknown) => void;
}

interface Connection {
  socket: WebSocket;
  userId: string;
  sessionToken: string;
  sessionIdHash: string | undefined;
  alive: boolean;
}

/** Close code for a connection whose session ended (the 4000-4999 range is the application's). */
export const SESSION_ENDED_CLOSE_CODE = 4401;

/** The open alert WebSockets of signed-in users, with ping/pong keep-alive and session re-checks. */
export class AlertSockets implements LiveFeed {
  private readonly byUser = new Map<string, Set<Connection>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AlertSocketsOptions) {}

  /** Track a freshly upgraded connection of a user (`sessionIdHash` names its session for sessionsEnded). */
  add(userId: string, sessionToken: string, socket: WebSocket, sessionIdHash?: string): void {
    const conn: Connection = { socket, userId, sessionToken, sessionIdHash, alive: true };
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(conn);
    socket.on('pong', () => {
      conn.alive = true;
    });
    // The client has nothing to say on this channel; anything it sends is ignored.
    socket.on('message', () => undefined);
    socket.on('close', () => this.forget(conn));
    socket.on('error', () => this.forget(conn));
    this.timer ??= setInterval(() => void this.round(), this.options.pingIntervalMs).unref();
  }

  /** Number of open connections (all users). */
  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** Send one JSON message to every open connection of the users. */
  send(userIds: readonly string[], message: unknown): number {
    const text = JSON.stringify(message);
    const limit = this.options.maxBufferedBytes ?? 1 << 20;
    let sent = 0;
    for (const userId of new Set(userIds)) {
      for (const conn of this.byUser.get(userId) ?? []) {
        if (conn.socket.readyState !== conn.socket.OPEN) continue;
        // A client that stopped reading would make the hub buffer alerts without end.
        if (conn.socket.bufferedAmount > limit) {
          conn.socket.terminate();
          this.forget(conn);
          continue;
        }
        conn.socket.send(text);
        sent++;
      }
    }
    return sent;
  }

  /**
   * Sessions ended (sign-out, a password change or reset): close their connections at once with 4401, without
   * waiting for the next round's check. One session, or all of the user's but `exceptSessionIdHash`.
   */
  sessionsEnded(e: { userId: string; sessionIdHash?: string; exceptSessionIdHash?: string }): number {
    let closed = 0;
    for (const conn of [...(this.byUser.get(e.userId) ?? [])]) {
      const ends =
        e.sessionIdHash !== undefined
          ? conn.sessionIdHash === e.sessionIdHash
          : e.exceptSessionIdHash === undefined || conn.sessionIdHash !== e.exceptSessionIdHash;
      if (!ends) continue;
      conn.socket.close(SESSION_ENDED_CLOSE_CODE, 'session ended');
      this.forget(conn);
      closed++;
    }
    return closed;
  }

  /** Close every connection and stop the keep-alive timer. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const set of this.byUser.values()) for (const conn of set) conn.socket.terminate();
    this.byUser.clear();
  }

  private forget(conn: Connection): void {
    const set = this.byUser.get(conn.userId);
    if (!set) return;
    set.delete(conn);
    if (set.size === 0) this.byUser.delete(conn.userId);
    if (this.byUser.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** One keep-alive round: drop silent connections, ping the rest, and close those whose session ended. */
  private async round(): Promise<void> {
    const conns = [...this.byUser.values()].flatMap((set) => [...set]);
    for (const conn of conns) {
      if (!conn.alive) {
        conn.socket.terminate();
        this.forget(conn);
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
    }
    const sessions = new Map<string, Promise<string | null>>();
    for (const conn of conns) {
      if (conn.socket.readyState !== conn.socket.OPEN) continue;
      let owner = sessions.get(conn.sessionToken);
      if (!owner) sessions.set(conn.sessionToken, (owner = this.options.sessionUser(conn.sessionToken)));
      try {
        if ((await owner) !== conn.userId) {
          conn.socket.close(SESSION_ENDED_CLOSE_CODE, 'session ended');
          this.forget(conn);
        }
      } catch (e) {
        // A database hiccup must not close everyone's alerts; the next round checks again.
        this.options.onError?.(e);
      }
    }
  }
}
