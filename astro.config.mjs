// Astro configuration: the site's sources live in ./site, the lessons in ./content/fr (see site/content.config.ts).
// The site builds statically into ./dist; the sandbox server serves it and the API on one port.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  outDir: './dist',
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  i18n: { locales: ['fr'], defaultLocale: 'fr' },
  build: { format: 'directory' },
  vite: { server: { fs: { allow: ['.'] } } },
});
