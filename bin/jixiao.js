#!/usr/bin/env node
// The jixiao command: the compiled CLI (lib/, made by `npm run compile` and on install).
import { run } from '../lib/cli.js';

await run(process.argv.slice(2));
