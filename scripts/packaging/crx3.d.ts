// crx3 ships no types; this is the part of its API scripts/packaging/crx.ts uses.
declare module "crx3" {
  import type { Readable } from "node:stream";

  interface Crx3Options {
    keyPath: string;
    crxPath: string;
    zipPath?: string;
    xmlPath?: string;
    crxURL?: string;
    appVersion?: string;
    browserVersion?: string;
  }

  export default function crx3(input: Readable | string[], options: Crx3Options): Promise<{ appId: string }>;
}
