/**
 * Replaced by vite.config.ts's `define`: true in the sandbox build (`vite build --mode sandbox`),
 * false in production. Undefined outside a vite build (unit tests), so read it with `typeof`.
 */
declare const __HB_SANDBOX__: boolean | undefined;
/**
 * The manifest's version, the same way, as "hb-version:<version>": a MAIN-world copy knows which
 * version it is (content-scripts/shared/one-per-version.ts). The prefix makes it one exact string
 * in the build, which the update tests' newer builds carry as a real build of that version would.
 */
declare const __HB_VERSION__: string | undefined;
