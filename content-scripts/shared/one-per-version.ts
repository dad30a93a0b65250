/**
 * One copy per extension version of a MAIN-world script. Those scripts are never stopped by another
 * copy: the only channel between copies in the page's world is one a page script can use too (a
 * DOM event, a message), so a stop request could come from anyone. Copies of several versions may
 * then share the page after an update, each holding the same rule. The worker also injects the
 * scripts again into open tabs when the configuration changes: a copy of a version already running
 * does not start a second time.
 *
 * The versions running are kept under a symbol in the page's global object. A page script can read
 * and change that; all it gains is to keep a newly injected copy from starting, never to stop one
 * that runs (and a page loaded afresh always gets its copy first, at document_start).
 */
export function firstOfVersion(name: string, version: string, global: object = globalThis): boolean {
  const key = Symbol.for(`hunkbridge:${name}`);
  const holder = global as Record<symbol, unknown>;
  const running = holder[key] instanceof Set ? (holder[key] as Set<unknown>) : new Set<unknown>();
  if (running.has(version)) return false;
  running.add(version);
  try {
    holder[key] = running;
  } catch {
    // A page that froze its global object: this copy runs, and a later one may run beside it.
  }
  return true;
}
