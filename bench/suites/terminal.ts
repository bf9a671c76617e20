/**
 * Terminal latencies: keystroke to echo in the built-in shell, and `kubectl get pods` typed in the shell
 * with our TypeScript kubectl against an in-process cluster of 50 pods (targets: p99 < 10 ms and < 20 ms).
 */
import { benchGetPods } from '../../mini-k8s/src/kubectl/bench';
import { measureKeystrokeEcho } from '../../sandbox-server/src/shell/bench';
import { type BenchResult, type BenchSuite, ms } from '../types';

const suite: BenchSuite = {
  name: 'terminal',
  async run(): Promise<BenchResult> {
    const echo = await measureKeystrokeEcho({ samples: 2000 });
    const getPods = await benchGetPods(200, 50);
    return {
      title: 'Terminal: keystroke echo and kubectl get pods (targets p99 < 10 ms and < 20 ms)',
      method:
        'In process: keystrokes into the shell session until their echo is emitted; `kubectl get pods` through runKubectl and the in-process API server (50 pods).',
      columns: ['measure', 'samples', 'p50 (ms)', 'p99 (ms)'],
      rows: [
        ['keystroke → echo', echo.samples, ms(echo.p50Ms), ms(echo.p99Ms)],
        ['kubectl get pods (50 pods)', getPods.iterations, ms(getPods.p50), ms(getPods.p99)],
      ],
      raw: { echo, getPods },
    };
  },
};

export default suite;
