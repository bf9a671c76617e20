import { describe, expect, it } from 'vitest';
import { withoutStreamRaceLog } from './parity-harness';

describe('withoutStreamRaceLog', () => {
  it("drops only client-go's discarded-stream line", () => {
    const race = 'E1130 07:43:22.718231    6175 websocket.go:296] Unknown stream id 1, discarding message\n';
    const other = 'error: unable to upgrade connection: container not found ("nope")\n';
    expect(withoutStreamRaceLog(race)).toBe('');
    expect(withoutStreamRaceLog(race + other)).toBe(other);
    expect(withoutStreamRaceLog(other)).toBe(other);
    expect(withoutStreamRaceLog('E1130 07:43:22.718231    6175 websocket.go:120] connection reset\n')).toBe(
      'E1130 07:43:22.718231    6175 websocket.go:120] connection reset\n',
    );
  });
});
