/**
 * The terminal WebSocket protocol (`GET /api/sandboxes/:id/terminal?cols=C&rows=R`):
 *
 * - server → client: binary frames carry shell output (UTF-8); text frames are JSON control messages:
 *   `{"type":"attached","sandboxId":"…"}` first (then the scrollback replay as one binary frame),
 *   `{"type":"exit","code":0}` when the shell ends (the socket then closes with 1000),
 *   `{"type":"error","message":"…"}` for a malformed client message (French).
 * - client → server: binary frames carry keystrokes (UTF-8); text frames are JSON:
 *   `{"type":"input","data":"ls\r"}` or `{"type":"resize","cols":120,"rows":40}`.
 */
import { z } from 'zod';

/** ClientMessage is a JSON control frame from the browser. */
export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input'), data: z.string() }),
  z.object({
    type: z.literal('resize'),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** ServerMessage is a JSON control frame to the browser. */
export type ServerMessage =
  | { type: 'attached'; sandboxId: string }
  | { type: 'exit'; code: number }
  | { type: 'error'; message: string };

/** parseClientMessage decodes a text frame; undefined for anything malformed. */
export function parseClientMessage(text: string): ClientMessage | undefined {
  try {
    const parsed = clientMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** initialSize reads cols/rows from the query string, defaulting to 80×24 and clamping to 1..1000. */
export function initialSize(search: URLSearchParams): { cols: number; rows: number } {
  const read = (name: string, fallback: number) => {
    const value = Number(search.get(name));
    return Number.isInteger(value) && value >= 1 && value <= 1000 ? value : fallback;
  };
  return { cols: read('cols', 80), rows: read('rows', 24) };
}
