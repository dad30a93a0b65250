/**
 * Every timeout the emulator arms goes through here, so close() and reset() can clear them all
 * and a test process is never kept alive by a pending reservation timeout.
 */
export class Timers {
  private readonly keyed = new Map<string, NodeJS.Timeout>();
  private readonly anonymous = new Set<NodeJS.Timeout>();

  /** Arms (or re-arms) the timer named `key`. */
  set(key: string, ms: number, fn: () => void): void {
    this.clear(key);
    this.keyed.set(
      key,
      setTimeout(() => {
        this.keyed.delete(key);
        fn();
      }, ms),
    );
  }

  clear(key: string): void {
    const timer = this.keyed.get(key);
    if (timer) clearTimeout(timer);
    this.keyed.delete(key);
  }

  /** Runs `fn` after `ms`, unless clearAll() comes first. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.anonymous.delete(timer);
      fn();
    }, ms);
    this.anonymous.add(timer);
  }

  clearAll(): void {
    for (const timer of this.keyed.values()) clearTimeout(timer);
    for (const timer of this.anonymous) clearTimeout(timer);
    this.keyed.clear();
    this.anonymous.clear();
  }
}
