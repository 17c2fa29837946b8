// jixiao as a library: the pipeline's entry points, for scripts that build or check forms
// without the command line.
export { build, type BuildOptions, type BuildResult } from './build/build.ts';
export { compileSource, type CompiledForm } from './compile.ts';
export { loadConfig, resolveConfig, type SiteConfig } from './config.ts';
export type { Diagnostic, Severity } from './diagnostic.ts';
export { lintFiles, resolveSources } from './lint.ts';
export { main } from './cli.ts';
