#!/usr/bin/env node
// mini-k8s command: registers tsx's ESM loader so the TypeScript sources run as they are, then starts the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cmd/mini-k8s.ts');
process.exitCode = await main(process.argv.slice(2));
