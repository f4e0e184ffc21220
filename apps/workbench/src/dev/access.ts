import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What {@link checkAccess} decided about one request. */
export type AccessDecision =
  | { allowed: true; setCookie: string | null }
  | { allowed: false; status: 403; reason: string };

/** The rules one server applies to every request. */
export interface AccessRules {
  /** `Host` header values accepted, lower case with the port (`127.0.0.1:4321`). */
  hosts: ReadonlySet<string>;
  /** Origins accepted on requests that carry one (`http://127.0.0.1:4321`). */
  origins: ReadonlySet<string>;
  /** The session token printed in the start URL. */
  token: string;
  /** Name of the cookie that keeps the token (per port: cookies are shared across ports). */
  cookieName: string;
}

/**
 * The access rules of a dev server listening on `port`: the loopback names with that port, plus
 * `hostName` (the `--host` value) when it is not a loopback address, and a fresh random token.
 *
 * @example
 * const rules = accessRules(4321, '127.0.0.1');
 * [...rules.hosts]; // => ['127.0.0.1:4321', 'localhost:4321', '[::1]:4321']
 */
export function accessRules(port: number, hostName: string, token = newToken()): AccessRules {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  const given = hostName.includes(':') && !hostName.startsWith('[') ? `[${hostName}]` : hostName;
  if (!names.includes(given.toLowerCase())) names.push(given.toLowerCase());
  const hosts = new Set(names.map((name) => `${name}:${port}`));
  return {
    hosts,
    origins: new Set([...hosts].map((host) => `http://${host}`)),
    token,
    cookieName: `muster-dev-${port}`,
  };
}

/** 32 random bytes as 64 hexadecimal characters. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

const sameToken = (given: string | null | undefined, token: string): boolean => {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
};

const cookieValue = (request: IncomingMessage, name: string): string | null => {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
};

const bearer = (request: IncomingMessage): string | null => {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : null;
};

/**
 * Decide whether a request may be served. In order:
 * 1. the `Host` header must be one of `rules.hosts` (defeats DNS rebinding: a page on
 *    `evil.example` that resolves to 127.0.0.1 still sends `Host: evil.example`);
 * 2. an `Origin` header, when present, must be one of `rules.origins`, and the browser's
 *    `Sec-Fetch-Site` must not be `cross-site`/`same-site` (another port of 127.0.0.1 is
 *    same-site but not same-origin), unless the URL itself carries the token;
 * 3. the session token must come with the request: as `?token=` in the URL (the start URL; the
 *    answer then sets an HttpOnly, SameSite=Strict cookie), in that cookie, or as
 *    `Authorization: Bearer TOKEN`.
 *
 * No response ever carries CORS headers, so other origins cannot read anything either.
 *
 * @example
 * const rules = accessRules(4321, '127.0.0.1', 'a'.repeat(64));
 * checkAccess({ headers: { host: 'evil.example:4321' } } as IncomingMessage, new URL('http://x/'), rules);
 * // => { allowed: false, status: 403, reason: 'muster dev refuses Host evil.example:4321' }
 */
export function checkAccess(
  request: IncomingMessage,
  url: URL,
  rules: AccessRules,
): AccessDecision {
  const host = (request.headers.host ?? '').toLowerCase();
  if (!rules.hosts.has(host)) {
    return {
      allowed: false,
      status: 403,
      reason: `muster dev refuses Host ${JSON.stringify(host).slice(1, -1)}`,
    };
  }
  const urlToken = url.searchParams.get('token');
  const tokenInUrl = sameToken(urlToken, rules.token);
  const origin = request.headers.origin;
  if (origin !== undefined && !rules.origins.has(origin.toLowerCase())) {
    return { allowed: false, status: 403, reason: 'muster dev refuses cross-origin requests' };
  }
  const site = request.headers['sec-fetch-site'];
  if ((site === 'cross-site' || site === 'same-site') && !tokenInUrl) {
    return { allowed: false, status: 403, reason: 'muster dev refuses cross-site requests' };
  }
  if (tokenInUrl) {
    return {
      allowed: true,
      setCookie: `${rules.cookieName}=${rules.token}; Path=/; HttpOnly; SameSite=Strict`,
    };
  }
  if (
    sameToken(cookieValue(request, rules.cookieName), rules.token) ||
    sameToken(bearer(request), rules.token)
  ) {
    return { allowed: true, setCookie: null };
  }
  return {
    allowed: false,
    status: 403,
    reason:
      'muster dev requires the session token: open the URL it printed (with ?token=...) or send Authorization: Bearer TOKEN',
  };
}
