import { describe, expect, it } from 'vitest';
import { parseDeclarationFile, parseType } from './dts-model-parser';

const SAMPLE = `import { IIoK8sApiCoreV1EnvVar } from "./EnvVar";
import { ModelData, Model } from "@kubernetes-models/base";
/**
 * A single thing.
 *
 * Second paragraph with an escaped *\\/ and \\* star.
 */
export interface IThing {
    /**
     * Env list.
     */
    "env"?: Array<IIoK8sApiCoreV1EnvVar>;
    "name": string;
    /**
     * Policy.
     *
     * Possible enum values:
     *  - \`"A"\` first
     */
    "policy"?: "A" | "B";
    "labels"?: {
        [key: string]: string;
    };
    "template"?: {
        /**
         * Inner.
         */
        "inner"?: number;
    };
    "apiVersion": "v1";
}
/**
 * A single thing.
 */
export declare class Thing extends Model<IThing> implements IThing {
    "name": string;
}
export { IThing as IIoK8sApiCoreV1Thing, Thing as IoK8sApiCoreV1Thing };
`;

describe('parseDeclarationFile', () => {
  it('reads descriptions, properties, types and imports', () => {
    const model = parseDeclarationFile(SAMPLE, 'Thing.d.ts');
    expect(model.exportId).toBe('IoK8sApiCoreV1Thing');
    expect(model.form).toBe('interface');
    expect(model.description).toBe('A single thing.\n\nSecond paragraph with an escaped */ and * star.');
    expect(model.imports.get('IIoK8sApiCoreV1EnvVar')).toBe('./EnvVar');
    expect(model.properties.map((p) => [p.name, p.required])).toEqual([
      ['env', false],
      ['name', true],
      ['policy', false],
      ['labels', false],
      ['template', false],
      ['apiVersion', false],
    ]);
    const [env, name, policy, labels, template, apiVersion] = model.properties;
    expect(env!.description).toBe('Env list.');
    expect(env!.type).toEqual({ kind: 'array', items: { kind: 'ref', ident: 'IIoK8sApiCoreV1EnvVar' } });
    expect(name!.description).toBeUndefined();
    expect(policy!.description).toBe('Policy.\n\nPossible enum values:\n - `"A"` first');
    expect(policy!.type).toEqual({ kind: 'enum', values: ['A', 'B'] });
    expect(labels!.type).toEqual({ kind: 'map', values: { kind: 'string' } });
    expect(template!.type).toEqual({
      kind: 'object',
      properties: [{ name: 'inner', description: 'Inner.', required: false, type: { kind: 'number' } }],
    });
    expect(apiVersion!.type).toEqual({ kind: 'string' });
  });

  it('reads scalar aliases', () => {
    const text = `/**\n * Time is a wrapper.\n */\nexport declare type ITime = string;\nexport declare type Time = ITime;\nexport { ITime as IIoK8sApimachineryPkgApisMetaV1Time, Time as IoK8sApimachineryPkgApisMetaV1Time };\n`;
    const model = parseDeclarationFile(text, 'Time.d.ts');
    expect(model.form).toBe('alias');
    expect(model.alias).toEqual({ kind: 'string' });
    expect(model.description).toBe('Time is a wrapper.');
  });

  it('rejects files and types it does not understand', () => {
    expect(() => parseDeclarationFile('export const x = 1;', 'x.d.ts')).toThrow(/no model export/);
    expect(() => parseType('Map<string, number>', 'x')).toThrow(/unsupported type/);
  });
});
