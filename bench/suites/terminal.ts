/**
 * Terminal latencies: keystroke to echo in the built-in shell, and `kubectl get pods` typed in the shell
 * with our TypeScript kubectl (targets: p99 < 10 ms and < 20 ms) — over the terminal WebSocket of the real
 * platform on loopback, as the page uses it, and in process (the shell and kubectl alone, 50 pods).
 */
import { benchGetPods } from '../../mini-k8s/src/kubectl/bench';
import { measureKeystrokeEcho } from '../../sandbox-server/src/shell/bench';
import { measureWsTerminal } from '../terminal-ws';
import { type BenchResult, type BenchSuite, ms } from '../types';

const suite: BenchSuite = {
  name: 'terminal',
  async run(): Promise<BenchResult> {
    const echo = await measureKeystrokeEcho({ samples: 2000 });
    const getPods = await benchGetPods(200, 50);
    const ws = await measureWsTerminal({ echoes: 1050, commands: 105 });
    return {
      title: 'Terminal: keystroke echo and kubectl get pods (targets p99 < 10 ms and < 20 ms)',
      method:
        'WebSocket: the real platform process on loopback (SIMULATION_SPEED=0), a learner sandbox, one character sent until its echo frame arrives (after 50 warm-up keystrokes), `kubectl get pods` typed in the shell from Enter to the next prompt (5 pods, after 5 warm-up runs). In process: keystrokes into the shell session until their echo is emitted; `kubectl get pods` through runKubectl and the in-process API server (50 pods).',
      columns: ['measure', 'samples', 'p50 (ms)', 'p99 (ms)'],
      rows: [
        [
          'keystroke → echo over the WebSocket (target p99 < 10 ms)',
          ws.echo.samples,
          ms(ws.echo.p50Ms),
          ms(ws.echo.p99Ms),
        ],
        [
          'kubectl get pods in the shell over the WebSocket (target p99 < 20 ms)',
          ws.getPods.samples,
          ms(ws.getPods.p50Ms),
          ms(ws.getPods.p99Ms),
        ],
        ['keystroke → echo in process', echo.samples, ms(echo.p50Ms), ms(echo.p99Ms)],
        ['kubectl get pods in process (50 pods)', getPods.iterations, ms(getPods.p50), ms(getPods.p99)],
      ],
      raw: { echo, getPods, ws },
    };
  },
};

export default suite;
