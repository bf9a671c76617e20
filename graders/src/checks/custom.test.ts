import { describe, expect, it } from 'vitest';
import type { GradeContext } from './check';
import { fail, pass } from './check';
import { custom, withHint } from './custom';

const ctx = { namespace: 'default' } as GradeContext;

describe('withHint', () => {
  it('appends the hint to a failure and keeps the identity of the check', async () => {
    const check = withHint(
      custom({ id: 'droit', title: 'alice peut lister', points: 2 }, async () =>
        fail('Attendu : a ; trouvé : b'),
      ),
      async (c) => `Piste : namespace ${c.namespace}`,
    );
    expect(check).toMatchObject({ id: 'droit', title: 'alice peut lister', points: 2 });
    expect(await check.run(ctx)).toEqual({
      passed: false,
      message: 'Attendu : a ; trouvé : b. Piste : namespace default',
    });
  });

  it('keeps the message when the hint does not apply to this failure', async () => {
    const check = withHint(
      custom({ id: 'dns', title: 't' }, async () => fail('trouvé : réponse reçue')),
      async (_c, message) => (message.includes('(DNS)') ? 'Piste : DNS' : undefined),
    );
    expect(await check.run(ctx)).toEqual({ passed: false, message: 'trouvé : réponse reçue' });
  });

  it('leaves a success untouched without computing the hint', async () => {
    let asked = 0;
    const check = withHint(
      custom({ id: 'droit', title: 't' }, async () => pass('alice peut list pods')),
      async () => {
        asked += 1;
        return 'jamais';
      },
    );
    expect(await check.run(ctx)).toEqual({ passed: true, message: 'alice peut list pods' });
    expect(asked).toBe(0);
  });
});
