// jixiao as a library: the pipeline's entry points, for scripts that build or check forms
// without the command line.
export { build, type BuildOptions, type BuildResult } from './builder/build.ts';
export { checkSource, type CheckedForm } from './check/form.ts';
export { loadConfig, resolveConfig, type SiteConfig } from './config/load.ts';
export type { Diagnostic, Severity } from './core/diagnostic.ts';
export { checkFilesInThread, resolveSources } from './check/files.ts';
export { main } from './cli.ts';
