/**
 * openTerminal creates a learner's sandbox on a running platform and opens its terminal WebSocket, as the page
 * does; `waitFor` reads the screen through a small terminal model until a pattern shows.
 */
import WebSocket from 'ws';
import { ScreenModel } from '../../src/shell/screen-model';
import type { RunningPlatform } from './platform';

export interface Terminal {
  /** The sandbox's id. */
  id: string;
  type(text: string): void;
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  close(): void;
}

export interface TerminalOptions {
  cols?: number;
  rows?: number;
  /** Default time limit of waitFor, in milliseconds. */
  waitMs?: number;
}

export async function openTerminal(
  platform: RunningPlatform,
  options: TerminalOptions = {},
): Promise<Terminal> {
  const { cols = 100, rows = 30, waitMs = 15_000 } = options;
  const created = await fetch(`${platform.url}/api/sandboxes`, { method: 'POST' });
  const cookie = created.headers.get('set-cookie')!.split(';')[0];
  const { id } = (await created.json()) as { id: string };
  const wsUrl = `${platform.url.replace('http', 'ws')}/api/sandboxes/${id}/terminal?cols=${cols}&rows=${rows}`;
  const ws = new WebSocket(wsUrl, { headers: { cookie, origin: platform.url } });
  const screen = new ScreenModel(cols, rows);
  let raw = '';
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const text = data.toString();
    raw += text;
    screen.write(text);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    id,
    type: (text) => ws.send(Buffer.from(text), { binary: true }),
    async waitFor(pattern, ms = waitMs) {
      const until = Date.now() + ms;
      for (;;) {
        const text = screen.text();
        if (pattern.test(text)) return text;
        if (Date.now() > until)
          throw new Error(
            `screen never matched ${pattern}:\n${text}\n--- raw ---\n${raw}\n--- server ---\n${platform.output()}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => ws.close(),
  };
}
