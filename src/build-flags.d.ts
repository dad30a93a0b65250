/**
 * Replaced by vite.config.ts's `define`: true in the sandbox build (`vite build --mode sandbox`),
 * false in production. Undefined outside a vite build (unit tests), so read it with `typeof`.
 */
declare const __HB_SANDBOX__: boolean | undefined;
