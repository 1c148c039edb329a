// The one set of network rules for connections this server opens to addresses users gave it (webhooks, Web Push
// endpoints; camera URLs next): what kind of address an IP is, and whether a connection to it is allowed.
import { isIP } from 'node:net';

/** What an IP address is, for the rules. */
export type AddressKind = 'loopback' | 'link-local' | 'private' | 'unspecified' | 'multicast' | 'public';

/** Which addresses besides public ones a kind of connection may reach. */
export interface NetworkRules {
  /** Private addresses (the home network: Home Assistant, Node-RED, a camera). */
  allowLocal: boolean;
  /** 127.0.0.1 and ::1 (tests, the demo relay). */
  allowLoopback: boolean;
}

/** The kind of an IPv4 or IPv6 address (an IPv4-mapped IPv6 address counts as its IPv4 one). */
export function addressKind(ip: string): AddressKind {
  return isIP(ip) === 4 ? ipv4Class(ip) : ipv6Class(ip);
}

/**
 * Why a connection may not go to this resolved address, or null. Applied when connecting, to every address a
 * name resolves to: this machine, link-local (cloud metadata), unspecified and multicast are always refused
 * (loopback only where the rules allow it), private addresses unless the rules allow the local network.
 */
export function connectProblem(ip: string, rules: NetworkRules, what = 'The host'): string | null {
  const family = isIP(ip);
  if (family === 0) return `${ip} is not an IP address.`;
  if (rules.allowLoopback && (ip === '127.0.0.1' || ip === '::1')) return null;
  const kind = addressKind(ip);
  if (kind === 'loopback' || kind === 'link-local' || kind === 'unspecified' || kind === 'multicast')
    return `${what} resolves to ${ip}, this machine or a link-local address.`;
  if (kind === 'private' && !rules.allowLocal)
    return `${what} resolves to ${ip}, on the local network, which this hub does not connect to.`;
  return null;
}

function ipv4Class(ip: string): AddressKind {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 127) return 'loopback';
  if (a === 0) return 'unspecified';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224) return 'multicast';
  if (
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  )
    return 'private';
  return 'public';
}

function ipv6Class(ip: string): AddressKind {
  const v = ip.toLowerCase();
  if (v === '::1') return 'loopback';
  if (v === '::') return 'unspecified';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return ipv4Class(mapped[1]!);
  // The URL parser writes an IPv4-mapped address in hex: [::ffff:127.0.0.1] becomes [::ffff:7f00:1].
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return ipv4Class(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (/^fe[89ab]/.test(v)) return 'link-local';
  if (/^f[cd]/.test(v)) return 'private';
  if (v.startsWith('ff')) return 'multicast';
  return 'public';
}
