/**
 * The browser side of the sandbox terminal WebSocket (`GET /api/sandboxes/:id/terminal?cols&rows`, see
 * sandbox-server/src/terminal/protocol.ts): binary frames from the server are shell output; text frames are
 * JSON control messages both ways.
 */

/** ServerControl is a JSON control frame from the server. */
export type ServerControl =
  | { type: 'attached'; sandboxId: string }
  | { type: 'exit'; code: number }
  | { type: 'error'; message: string };

/** inputFrame is the text frame carrying keystrokes typed (or pasted) by the learner. */
export function inputFrame(data: string): string {
  return JSON.stringify({ type: 'input', data });
}

/** resizeFrame is the text frame announcing the terminal size, clamped to the server's 1..1000 range. */
export function resizeFrame(cols: number, rows: number): string {
  return JSON.stringify({ type: 'resize', cols: clampSize(cols), rows: clampSize(rows) });
}

function clampSize(n: number): number {
  return Math.min(1000, Math.max(1, Math.floor(Number.isFinite(n) ? n : 1)));
}

/** parseServerControl decodes a server text frame; undefined for anything it does not know. */
export function parseServerControl(text: string): ServerControl | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as Record<string, unknown>;
  switch (frame.type) {
    case 'attached':
      return typeof frame.sandboxId === 'string'
        ? { type: 'attached', sandboxId: frame.sandboxId }
        : undefined;
    case 'exit':
      return typeof frame.code === 'number' ? { type: 'exit', code: frame.code } : undefined;
    case 'error':
      return typeof frame.message === 'string' ? { type: 'error', message: frame.message } : undefined;
    default:
      return undefined;
  }
}

/**
 * terminalSocketUrl builds the WebSocket URL of a sandbox's terminal from the page location: `wss:` under
 * HTTPS, `ws:` otherwise, on the same host (the platform serves the site and the API on one origin).
 */
export function terminalSocketUrl(
  location: { protocol: string; host: string },
  sandboxId: string,
  cols: number,
  rows: number,
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ cols: String(clampSize(cols)), rows: String(clampSize(rows)) });
  return `${scheme}//${location.host}/api/sandboxes/${encodeURIComponent(sandboxId)}/terminal?${query}`;
}

/**
 * reconnectDelay is the wait in milliseconds before reconnection attempt `attempt` (0-based): exponential
 * from 500 ms, capped at 10 s, so a restarting server is not hammered and a short blip heals quickly.
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
}
