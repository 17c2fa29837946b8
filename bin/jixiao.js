#!/usr/bin/env node
// The jixiao command: the compiled CLI, bundled with its libraries (lib/bundle/, made by
// `npm run compile` and on install) so that it starts fast. Where Node keeps compiled code
// between runs (22.1 and later), the bundle is compiled once, not at every start; Node 20 has no
// such cache and compiles it each time.
import module from 'node:module';

module.enableCompileCache?.();
const { run } = await import('../lib/bundle/cli.js');
await run(process.argv.slice(2));
