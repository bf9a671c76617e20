/**
 * `npm run bench [-- name...]`: runs the benchmark suites in bench/suites/ one after the other and writes,
 * for each, bench/results/<name>.md (a Markdown table) and bench/results/<name>.json (raw numbers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult, BenchSuite } from './types';

const here = import.meta.dirname;
const resultsDir = path.join(here, 'results');

function toMarkdown(result: BenchResult, when: string): string {
  const header = `| ${result.columns.join(' | ')} |\n| ${result.columns.map(() => '---').join(' | ')} |`;
  const body = result.rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
  return `# ${result.title}\n\n${result.method}\n\nMeasured ${when} on ${machine}.\n\n${header}\n${body}\n`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(path.join(here, 'suites'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  fs.mkdirSync(resultsDir, { recursive: true });
  let failures = 0;
  for (const file of files) {
    const suite = (await import(pathToFileURL(path.join(here, 'suites', file)).href)).default as BenchSuite;
    if (only.length > 0 && !only.includes(suite.name)) continue;
    const started = Date.now();
    process.stdout.write(`bench ${suite.name} ... `);
    try {
      const result = await suite.run();
      const when = new Date().toISOString();
      fs.writeFileSync(path.join(resultsDir, `${suite.name}.md`), toMarkdown(result, when));
      fs.writeFileSync(
        path.join(resultsDir, `${suite.name}.json`),
        JSON.stringify({ name: suite.name, when, node: process.version, raw: result.raw }, null, 2) + '\n',
      );
      console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(toMarkdown(result, when));
    } catch (err) {
      failures++;
      console.log('FAILED');
      console.error(err);
    }
  }
  process.exitCode = failures > 0 ? 1 : 0;
}

await main();
