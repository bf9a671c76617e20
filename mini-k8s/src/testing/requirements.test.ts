import { afterEach, describe, expect, it, vi } from 'vitest';
import { gate } from './requirements';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('gate', () => {
  it('runs when the requirement is met', () => {
    expect(gate({ ok: true, detail: 'Docker 20.10' }, 'REQUIRE_DOCKER')).toBe(true);
  });

  it('skips with a one-line reason when not required', () => {
    vi.stubEnv('REQUIRE_DOCKER', '');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(gate({ ok: false, reason: 'no Docker daemon reachable' }, 'REQUIRE_DOCKER')).toBe(false);
    expect(log).toHaveBeenCalledWith(
      'skipped: no Docker daemon reachable (set REQUIRE_DOCKER=1 to make this a failure)',
    );
    log.mockRestore();
  });

  it('fails when the requirement is mandatory', () => {
    vi.stubEnv('REQUIRE_BROWSER', '1');
    expect(() => gate({ ok: false, reason: 'no Chromium found' }, 'REQUIRE_BROWSER')).toThrow(
      'REQUIRE_BROWSER=1 but no Chromium found',
    );
  });
});
