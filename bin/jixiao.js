#!/usr/bin/env node
// The jixiao command: the compiled CLI, bundled with its libraries (lib/bundle/, made by
// `npm run compile` and on install) so that it starts fast.
import { run } from '../lib/bundle/cli.js';

await run(process.argv.slice(2));
