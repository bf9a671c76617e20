import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeField, kindType, type KubernetesSchemas, loadSchemas, shortName } from './schema';

const ASSET: KubernetesSchemas = {
  version: 1,
  kubernetes: 'v1.32.4',
  kinds: { 'apps/v1': { Deployment: 'apps.v1.Deployment' } },
  types: { 'apps.v1.Deployment': { d: 'Deployment enables declarative updates.', p: {} } },
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('describeField', () => {
  it.each([
    [{ t: 'integer' }, 'entier'],
    [{ t: 'string', e: ['Always', 'Never'] }, 'chaîne (Always | Never)'],
    [{ t: 'object', ref: 'core.v1.PodSpec' }, 'objet PodSpec'],
    [{ t: 'array', i: { t: 'object', ref: 'core.v1.Container' } }, 'liste de Container'],
    [{ t: 'array', i: { t: 'string' } }, 'liste de chaînes'],
    [{ t: 'map', v: { t: 'quantity' } }, 'table de quantités'],
    [{ t: 'int-or-string' }, 'entier ou chaîne'],
    [{ t: 'any' }, 'valeur libre'],
  ])('%j → %s', (field, label) => {
    expect(describeField(field)).toBe(label);
  });

  it('names types by their last segment and finds kinds by apiVersion', () => {
    expect(shortName('apis.meta.v1.ObjectMeta')).toBe('ObjectMeta');
    expect(kindType(ASSET, 'apps/v1', 'Deployment')?.d).toBe('Deployment enables declarative updates.');
    expect(kindType(ASSET, 'v1', 'Deployment')).toBeUndefined();
  });
});

describe('loadSchemas', () => {
  it('fetches the asset once, and again after a failure', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(new Response('', { status: 404 }))
      .mockResolvedValueOnce(new Response(JSON.stringify({ version: 2 }), { status: 200 }))
      .mockResolvedValue(new Response(JSON.stringify(ASSET), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(loadSchemas('/s.json')).rejects.toThrow('schémas Kubernetes indisponibles (HTTP 404)');
    await expect(loadSchemas('/s.json')).rejects.toThrow('schémas Kubernetes : format inattendu');
    await expect(loadSchemas('/s.json')).resolves.toEqual(ASSET);
    await expect(loadSchemas('/s.json')).resolves.toEqual(ASSET);
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });
});
