import { describe, expect, it } from 'vitest';
import { supportedKinds } from './kinds';
import { type MessageSchema, messageRefs, messageSchema } from './schema';

/** jsonKeys lists the JSON keys a message produces, following inlined structs. */
function jsonKeys(schema: MessageSchema): string[] {
  return schema.fields.flatMap((f) =>
    f.inline && f.type.kind === 'message' ? jsonKeys(messageSchema(f.type.ref)) : [f.name],
  );
}

describe('message tables', () => {
  const refs = messageRefs();

  it.each(refs)('%s parses, with unique field numbers and JSON keys', (ref) => {
    const schema = messageSchema(ref);
    expect(schema.fields.length).toBeGreaterThan(0);
    const numbers = schema.fields.map((f) => f.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    const keys = jsonKeys(schema);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of schema.fields) {
      if (f.inline) expect(f.type.kind, `${ref}.${f.name}`).toBe('message');
      if (f.mapKey) expect(f.repeated).toBe(false);
    }
    if (schema.listWrapper) expect(schema.fields).toHaveLength(1);
  });

  it('has no message that no kind can reach (the tables hold only what is needed)', () => {
    const reached = new Set<string>();
    const visit = (ref: string) => {
      if (reached.has(ref)) return;
      reached.add(ref);
      for (const f of messageSchema(ref).fields) if (f.type.kind === 'message') visit(f.type.ref);
    };
    supportedKinds().forEach((k) => visit(k.message));
    expect(refs.filter((r) => !reached.has(r))).toEqual([]);
  });

  it.each(supportedKinds())('$apiVersion $kind has metadata as field 1', ({ message }) => {
    expect(messageSchema(message).byNumber.get(1)).toMatchObject({
      name: 'metadata',
      type: { ref: 'meta.ObjectMeta' },
    });
  });

  it.each([
    // A few published field numbers checked by hand against k8s.io/api v0.32 generated.proto.
    ['core.Container', 'image', 2],
    ['core.Container', 'envFrom', 19],
    ['core.PodSpec', 'initContainers', 20],
    ['core.PodSpec', 'resources', 40],
    ['apps.DeploymentSpec', 'progressDeadlineSeconds', 9],
    ['meta.ObjectMeta', 'managedFields', 17],
    ['networking.IngressBackend', 'service', 4],
    ['core.Secret', 'stringData', 4],
  ])('%s.%s is field %i', (ref, name, number) => {
    expect(messageSchema(ref).fields.find((f) => f.name === name)?.number).toBe(number);
  });

  it('rejects unknown references', () => {
    expect(() => messageSchema('core.NoSuchThing')).toThrow('no message core.NoSuchThing');
  });
});
