#!/usr/bin/env node
// The difang command: runs the TypeScript sources through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
// `serve` resolves only once the server has stopped; everything else is done here.
process.exit(code);
