import { describe, expect, it } from 'vitest';
import { hostErrorText } from './port-forward';

describe('hostErrorText', () => {
  it('drops the kubelet prefix naming the host pod, keeping the reason', () => {
    expect(
      hostErrorText(
        'error forwarding port 8080 to pod atelier-1a2b/p-3c4d, uid 9f1e-77: failed to connect to localhost:8080 inside namespace "x": connection refused\n',
      ),
    ).toBe('failed to connect to localhost:8080 inside namespace "x": connection refused');
  });

  it('keeps a text without that prefix as it is', () => {
    expect(hostErrorText('  lost connection to pod ')).toBe('lost connection to pod');
  });
});
