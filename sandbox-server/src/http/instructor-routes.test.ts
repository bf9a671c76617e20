import { afterEach, describe, expect, it } from 'vitest';
import { cookieOf, INSTRUCTOR_TOKEN, testPlatform, type TestPlatform } from '../../test/support/services';

const platforms: TestPlatform[] = [];
function platform(...args: Parameters<typeof testPlatform>) {
  const p = testPlatform(...args);
  platforms.push(p);
  return p;
}
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

describe('instructor session', () => {
  it('opens a 12 h HttpOnly SameSite=Strict session with the token, accepted on instructor routes, then closes it', async () => {
    const p = platform();
    expect((await p.app.request('/api/instructor/session')).status).toBe(401);

    const opened = await p.app.request('/api/instructor/session', {
      method: 'POST',
      headers: { authorization: `Bearer ${INSTRUCTOR_TOKEN}` },
    });
    expect(opened.status).toBe(204);
    expect(opened.headers.get('set-cookie')).toMatch(
      /^atelier_instructor=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    const cookie = cookieOf(opened);
    const session = await p.app.request('/api/instructor/session', { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ instructor: true });

    const created = await p.app.request('/api/workshops', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Atelier du mardi' }),
    });
    expect(created.status).toBe(201);
    expect((await p.app.request('/api/workshops', { headers: { cookie } })).status).toBe(200);

    // The session ends after 12 hours.
    p.clock.now += 12 * 3600 * 1000 + 1000;
    const expired = await p.app.request('/api/workshops', { headers: { cookie } });
    expect(expired.status).toBe(401);
    p.clock.now -= 12 * 3600 * 1000 + 1000;

    const closed = await p.app.request('/api/instructor/session', { method: 'DELETE', headers: { cookie } });
    expect(closed.status).toBe(204);
    expect(closed.headers.get('set-cookie')).toMatch(/^atelier_instructor=; Max-Age=0; Path=\//);
  });

  it('accepts the token as JSON and refuses a wrong token, a forged cookie or a learner cookie in French', async () => {
    const p = platform();
    const json = (token: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect((await p.app.request('/api/instructor/session', json(INSTRUCTOR_TOKEN))).status).toBe(204);
    const wrong = await p.app.request('/api/instructor/session', json('pas-le-bon'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: 'instructor_required',
      message: expect.stringContaining('réservée à la personne qui anime'),
    });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const empty = await p.app.request('/api/instructor/session', { method: 'POST' });
    expect(empty.status).toBe(401);

    const forged = `atelier_instructor=instructor.${Math.floor(p.clock.now / 1000) + 3600}.AAAA`;
    expect((await p.app.request('/api/workshops', { headers: { cookie: forged } })).status).toBe(401);

    // A learner's signed cookie, renamed, is not an instructor session.
    const learner = await p.app.request('/api/sandboxes', { method: 'POST' });
    const value = cookieOf(learner).split('=')[1];
    const renamed = `atelier_instructor=${value}`;
    expect((await p.app.request('/api/instructor/session', { headers: { cookie: renamed } })).status).toBe(
      401,
    );
  });

  it('answers 503 when workshops are disabled', async () => {
    const p = platform({ instructorToken: '' });
    const res = await p.app.request('/api/instructor/session', {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
    });
    expect(res.status).toBe(503);
  });

  it('describes the new routes in the OpenAPI document', async () => {
    const p = platform();
    const doc = (await (await p.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, object>;
    };
    for (const route of [
      '/api/exercises',
      '/api/exercises/{chapter}/{slug}',
      '/api/sandboxes/{id}/exercises/{chapter}/{slug}/start',
      '/api/sandboxes/{id}/exercises/{chapter}/{slug}/check',
      '/api/sandboxes/{id}/exercises/{chapter}/{slug}/hints',
      '/api/sandboxes/{id}/exercises/{chapter}/{slug}/solution',
      '/api/sandboxes/{id}/exercises/{chapter}/{slug}/events',
      '/api/sandboxes/{id}/cluster/events',
      '/api/instructor/session',
      '/api/workshops/{id}/learners/{learnerId}',
    ]) {
      expect(doc.paths[route], route).toBeDefined();
    }
  });

  it('answers a French 503 on exercise routes when no catalogue is plugged', async () => {
    const p = platform();
    const res = await p.app.request('/api/exercises');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toBe('exercises_unavailable');
  });
});
