import type { IncomingMessage, ServerResponse } from 'node:http';
import { MusterError } from '@muster/core';

/**
 * Send a whole response. Every answer says `no-store` and `nosniff` and never carries CORS
 * headers; pages also forbid being framed by other sites.
 */
export function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...headers,
  });
  response.end(body);
}

/** Send a value as JSON. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** Send one line of plain text. */
export function sendText(response: ServerResponse, status: number, text: string): void {
  send(response, status, 'text/plain; charset=utf-8', `${text}\n`);
}

/** Read a JSON object body of at most 1 MiB. */
export function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1 << 20) reject(new MusterError('muster dev requires a request body under 1 MiB'));
      else chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error();
        resolveBody(value as Record<string, unknown>);
      } catch {
        reject(new MusterError('muster dev requires a JSON object as the request body'));
      }
    });
    request.on('error', reject);
  });
}
