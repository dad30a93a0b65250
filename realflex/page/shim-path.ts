// Node's `path`, as far as Flex's dependencies use it in a browser: mime-types calls extname.
export function extname(path: string): string {
  return /(\.[^./\\]*)$/.exec(String(path))?.[1] ?? "";
}
export default { extname };
