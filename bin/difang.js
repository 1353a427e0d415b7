#!/usr/bin/env node
// The difang command: runs the TypeScript sources through tsx's loader (no build step).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The project's tsconfig (JSX with hono/jsx), wherever the command is run from.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
// `serve` resolves only once the server has stopped; everything else is done here.
process.exit(code);
