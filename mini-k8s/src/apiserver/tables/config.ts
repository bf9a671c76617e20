/**
 * Configuration printers: config maps, secrets and service accounts (printers.go `printConfigMap`,
 * `printSecret`, `printServiceAccount`).
 */
import { translateTimestampSince } from './age';
import * as d from './descriptions';
import { countKeys } from './format';
import { column } from './types';
import type { Printer } from './types';

const NAME = column('Name', 'string', d.OBJECT_NAME, { format: 'name' });
const AGE = column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP);

/** configMapPrinter: Name, Data (number of data plus binaryData keys), Age. */
export const configMapPrinter: Printer = {
  columns: [NAME, column('Data', 'string', d.CONFIGMAP_DATA), AGE],
  print(obj, ctx) {
    const data = countKeys(obj.data as Record<string, unknown> | undefined);
    const binaryData = countKeys(obj.binaryData as Record<string, unknown> | undefined);
    return {
      cells: [
        obj.metadata.name ?? '',
        data + binaryData,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

/** secretPrinter: Name, Type, Data (number of keys), Age. */
export const secretPrinter: Printer = {
  columns: [NAME, column('Type', 'string', d.SECRET_TYPE), column('Data', 'string', d.SECRET_DATA), AGE],
  print(obj, ctx) {
    // Decoding merges stringData into data upstream; count the union in case a stored object kept both.
    const keys = new Set([
      ...Object.keys((obj.data as Record<string, unknown> | undefined) ?? {}),
      ...Object.keys((obj.stringData as Record<string, unknown> | undefined) ?? {}),
    ]);
    return {
      cells: [
        obj.metadata.name ?? '',
        // The API defaults an empty type to Opaque.
        (obj.type as string | undefined) || 'Opaque',
        keys.size,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

/** serviceAccountPrinter: Name, Secrets (number of referenced secrets), Age. */
export const serviceAccountPrinter: Printer = {
  columns: [NAME, column('Secrets', 'string', d.SA_SECRETS), AGE],
  print(obj, ctx) {
    const secrets = (obj.secrets as unknown[] | undefined) ?? [];
    return {
      cells: [
        obj.metadata.name ?? '',
        secrets.length,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};
