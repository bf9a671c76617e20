import { describe, expect, it } from 'vitest';
import { startPlatform } from './platform';

describe('the platform process', () => {
  it('starts on embedded defaults, answers /healthz and stops cleanly on SIGINT', async () => {
    const platform = await startPlatform();
    expect(platform.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${platform.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // The course's catalogue is plugged in: graders load in the real process (their maxScore needs them).
    const exercises = await fetch(`${platform.url}/api/exercises`);
    expect(exercises.status).toBe(200);
    const { exercises: items } = (await exercises.json()) as {
      exercises: { id: string; maxScore: number }[];
    };
    expect(items.find((e) => e.id === '04-pods/premier-pod')?.maxScore).toBeGreaterThan(0);
    const code = await platform.stop('SIGINT');
    expect(code).toBe(0);
    expect(platform.output()).toContain('Atelier Kubernetes est arrêté.');
  });

  it('refuses a bad PORT with a French message and exit code 2', async () => {
    await expect(startPlatform({ PORT: 'huit-mille' })).rejects.toThrow(
      /PORT="huit-mille" : doit être un nombre/,
    );
  });
});
