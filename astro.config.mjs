// Astro configuration: the site's sources live in ./site, the lessons in ./content/fr (see site/content.config.ts).
// The site builds statically into ./dist; the sandbox server serves it and the API on one port.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';

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
  integrations: [mdx(), searchIndex()],
  i18n: { locales: ['fr'], defaultLocale: 'fr' },
  build: { format: 'directory' },
  vite: { server: { fs: { allow: ['.'] } } },
});
