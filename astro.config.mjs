// Astro configuration: the site's sources live in ./site, the lessons in ./content/fr (see site/content.config.ts).
// The site builds statically into ./dist; the sandbox server serves it and the API on one port.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** EDITOR_SCHEMAS_PATH is where the editor fetches its Kubernetes schemas (site/lib/editor/schema.ts). */
const EDITOR_SCHEMAS_PATH = '/schemas/kubernetes.json';

/**
 * editorSchemas publishes the compact Kubernetes schemas of the lab's editor, generated from the OpenAPI
 * documents mini-k8s serves (sandbox-server/src/manifests/editor-schemas.ts): written into dist/ by every
 * `astro build`, served from memory by `astro dev`. The editor loads them when it first opens.
 */
function editorSchemas() {
  let body;
  // Why a child process: the generator is TypeScript (it reads mini-k8s's OpenAPI documents) and this file
  // must stay loadable by Node itself; tsx runs it.
  const json = () =>
    (body ??= execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./sandbox-server/src/manifests/print-editor-schemas.ts', import.meta.url)),
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    ));
  return {
    name: 'atelier-editor-schemas',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(EDITOR_SCHEMAS_PATH, (_req, res) => {
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.end(json());
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const file = new URL(`.${EDITOR_SCHEMAS_PATH}`, dir);
        await mkdir(new URL('.', file), { recursive: true });
        await writeFile(file, json());
        logger.info(`editor schemas: ${json().length} bytes into ${fileURLToPath(file)}`);
      },
    },
  };
}

/**
 * searchIndex builds the Pagefind index of the lessons into dist/pagefind/ after every `astro build` (the
 * lesson article carries `data-pagefind-body`, so only lessons are indexed). The search page loads
 * /pagefind/pagefind.js at run time.
 */
function searchIndex() {
  return {
    name: 'atelier-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const pagefind = await import('pagefind');
        const outDir = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr', includeCharacters: '-' });
        if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: outDir });
        if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: `${outDir}/pagefind` });
        if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`Pagefind: indexed ${added.page_count} pages into ${outDir}pagefind/`);
      },
    },
  };
}

export default defineConfig({
  srcDir: './site',
  outDir: './dist',
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [mdx(), searchIndex(), editorSchemas()],
  i18n: { locales: ['fr'], defaultLocale: 'fr' },
  build: { format: 'directory' },
  vite: { server: { fs: { allow: ['.'] } } },
});
