/**
 * Prints the editor's schema asset (editor-schemas.ts) as JSON on stdout. `astro.config.mjs` runs it with
 * `node --import tsx` at build time (and once when `astro dev` starts), so the Astro config stays plain
 * JavaScript that Node loads natively.
 */
import { buildEditorSchemas } from './editor-schemas';

process.stdout.write(JSON.stringify(buildEditorSchemas()));
