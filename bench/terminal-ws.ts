/**
 * The terminal as a learner's browser uses it: the real platform process on loopback, a learner's sandbox, the
 * terminal WebSocket. Measures keystroke → echo (one character sent, until a frame with its echo comes back) and
 * `kubectl get pods` typed in the built-in shell (Enter, until the next prompt).
 */
import WebSocket from 'ws';
import { startPlatform } from '../sandbox-server/test/support/platform';

export interface WsTerminalResult {
  echo: { samples: number; p50Ms: number; p99Ms: number };
  getPods: { samples: number; p50Ms: number; p99Ms: number };
}

const PROMPT = /apprenant@atelier:~\$ $/;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { samples: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

export async function measureWsTerminal(options: {
  echoes: number;
  commands: number;
}): Promise<WsTerminalResult> {
  const platform = await startPlatform({ SIMULATION_SPEED: '0' });
  try {
    const created = await fetch(`${platform.url}/api/sandboxes`, { method: 'POST' });
    const cookie = created.headers.get('set-cookie')!.split(';')[0]!;
    const { id } = (await created.json()) as { id: string };
    const ws = new WebSocket(
      `${platform.url.replace('http', 'ws')}/api/sandboxes/${id}/terminal?cols=120&rows=40`,
      {
        headers: { cookie, origin: platform.url },
      },
    );
    let screen = '';
    let waiter: { test: (s: string) => boolean; resolve: () => void } | undefined;
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      screen += data.toString();
      if (waiter?.test(screen)) {
        const w = waiter;
        waiter = undefined;
        w.resolve();
      }
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const until = (test: (s: string) => boolean, ms = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (test(screen)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`terminal never showed what was awaited:\n${screen}`)),
          ms,
        );
        waiter = {
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    const send = (text: string) => ws.send(Buffer.from(text), { binary: true });

    await until((s) => PROMPT.test(s));
    // A few pods for `get pods` to list, and a warm-up of both paths.
    send('kubectl create deployment web --image=nginx:1.27 --replicas=5\r');
    await until((s) => /created\r?\n.*\$ $/s.test(s));

    const echoes: number[] = [];
    for (let i = 0; i < options.echoes; i++) {
      // Ctrl-U clears the line every 40 characters so the line stays short.
      if (i % 40 === 0) {
        screen = '';
        send('\x15');
        await new Promise((r) => setTimeout(r, 5));
      }
      screen = '';
      const start = performance.now();
      send('a');
      await until((s) => s.includes('a'));
      echoes.push(performance.now() - start);
    }
    send('\x15');
    await new Promise((r) => setTimeout(r, 20));

    const commands: number[] = [];
    for (let i = 0; i < options.commands; i++) {
      send('kubectl get pods');
      await until((s) => s.endsWith('kubectl get pods'));
      screen = '';
      const start = performance.now();
      send('\r');
      await until((s) => /web-/.test(s) && PROMPT.test(s));
      commands.push(performance.now() - start);
    }
    ws.close();
    // The first samples pay JIT warm-up of both paths; report steady state as the targets mean.
    return { echo: summary(echoes.slice(50)), getPods: summary(commands.slice(5)) };
  } finally {
    await platform.stop();
  }
}
