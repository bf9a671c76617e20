import { afterEach, describe, expect, it, vi } from 'vitest';
import { runtimeView, SandboxStatus } from './sandbox-status';

const NOTICE =
  'Le moteur Docker est injoignable : votre cluster tourne en exécution simulée (mêmes commandes kubectl, Pods simulés).';

describe('runtimeView', () => {
  it.each([
    [{ runtime: 'docker', runtimeNotice: null }, 'docker', 'conteneurs Docker', false],
    [{ runtime: 'simulated', runtimeNotice: null }, 'simulated', 'simulée', false],
    [{ runtime: 'simulated', runtimeNotice: NOTICE }, 'simulated', 'simulée (Docker injoignable)', true],
    [{ runtime: 'simulated', runtimeNotice: '' }, 'simulated', 'simulée', false],
    [{ runtime: 'kubernetes', runtimeNotice: null }, 'kubernetes', 'pods Kubernetes', false],
    [
      { runtime: 'simulated', runtimeNotice: 'Le cluster Kubernetes hôte est injoignable : …' },
      'simulated',
      'simulée (cluster hôte injoignable)',
      true,
    ],
  ])('%j → « Exécution : %s »', (value, runtime, label, fallback) => {
    expect(runtimeView(value)).toMatchObject({ runtime, label, fallback });
  });

  it('puts the French notice in the tooltip when Docker was not reachable', () => {
    expect(runtimeView({ runtime: 'simulated', runtimeNotice: NOTICE })?.description).toBe(NOTICE);
  });

  it.each([[{ id: 'a1', state: 'ready' }], [{ runtime: 'kvm' }], [null], ['docker']])(
    'says nothing for %j',
    (value) => {
      expect(runtimeView(value)).toBeUndefined();
    },
  );
});

/** FakeElement is the little of HTMLElement the badge touches (no DOM in unit tests). */
class FakeElement {
  dataset: Record<string, string> = {};
  title = '';
  hidden = false;
  textContent = '';
  constructor(private readonly children: Record<string, FakeElement> = {}) {}
  querySelector(selector: string): FakeElement | null {
    return this.children[selector] ?? null;
  }
}

function badge() {
  const stateLabel = new FakeElement();
  const runtimeLabel = new FakeElement();
  const runtime = new FakeElement({ '[data-runtime-label]': runtimeLabel });
  runtime.hidden = true;
  const root = new FakeElement({ '[data-label]': stateLabel, '[data-runtime]': runtime });
  return { root, stateLabel, runtime, runtimeLabel };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SandboxStatus badge', () => {
  it.each([
    ['docker', null, 'conteneurs Docker', 'false'],
    ['simulated', null, 'simulée', 'false'],
    ['simulated', NOTICE, 'simulée (Docker injoignable)', 'true'],
  ])('shows « Exécution : » for runtime %s next to the state', async (runtime, notice, label, fallback) => {
    vi.stubGlobal('fetch', async () =>
      Response.json(
        { id: 'a1', state: 'ready', nodes: 3, exerciseId: null, runtime, runtimeNotice: notice },
        { status: 201 },
      ),
    );
    const b = badge();
    const status = new SandboxStatus(b.root as unknown as HTMLElement);
    expect(b.runtime.hidden).toBe(true);
    status.start();
    await status.ready();
    expect(b.stateLabel.textContent).toBe('prêt');
    expect(b.runtime.hidden).toBe(false);
    expect(b.runtimeLabel.textContent).toBe(label);
    expect(b.runtime.dataset).toEqual({ runtime, fallback });
    if (notice) expect(b.runtime.title).toBe(notice);
    status.accept({ id: 'a1', state: 'sleeping' });
    expect(b.stateLabel.textContent).toBe('en veille');
    expect(b.runtimeLabel.textContent).toBe(label);
  });

  it('keeps the runtime hidden when the server does not give it', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ id: 'a1', state: 'creating' }, { status: 201 }));
    const b = badge();
    const status = new SandboxStatus(b.root as unknown as HTMLElement);
    status.start();
    await status.ready();
    expect(b.runtime.hidden).toBe(true);
    expect(b.stateLabel.textContent).toBe('préparation');
  });
});
