import { describe, expect, it } from 'vitest';
import { joinPageUrl, learnerPageUrl, workshopPageUrl, wsUrl } from './links';

describe('instructor links', () => {
  it('builds page URLs with encoded query strings', () => {
    expect(workshopPageUrl('w 1')).toBe('/formateur/atelier/?id=w+1');
    expect(learnerPageUrl('w1', 'l&2')).toBe('/formateur/apprenant/?atelier=w1&apprenant=l%262');
    expect(joinPageUrl('https://atelier.example', 'K7Q2MX')).toBe(
      'https://atelier.example/rejoindre/?code=K7Q2MX',
    );
  });

  it('picks wss under HTTPS', () => {
    expect(wsUrl({ protocol: 'https:', host: 'a.example' }, '/x')).toBe('wss://a.example/x');
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, '/x')).toBe('ws://127.0.0.1:8080/x');
  });
});
