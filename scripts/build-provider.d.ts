/** Types for build-provider.js (a plain script so it runs without a TypeScript toolchain). */
export interface BuildResult {
  readonly outfile: string;
  readonly version: string;
  readonly bytes: number;
}
/** `compileCache` (default true): start through bundle-loader.js, which keeps V8's compiled code between runs. */
export function buildProvider(options: { entry: string; outfile: string; version?: string; compileCache?: boolean }): Promise<BuildResult>;
export function bundleProviderIntoMirror(options: { entry: string; mirrorDir: string; source: string; version?: string }): Promise<BuildResult>;
export function pluginMirrorPath(options: { mirrorDir: string; source: string; version: string; platform?: string }): string;
export function terraformPlatform(platform?: string, arch?: string): string;
export function protoDescriptor(): object;
