// A small fake window for the page ⇄ isolated-world links: message listeners, postMessage that
// records what was posted (and, in loopback mode, delivers it back to this window as a real page
// would: asynchronously, structured-cloned, from this window and origin), and a manual clock.

export const FLEX_ORIGIN = "https://flex.twilio.com";

export interface MessageLike {
  data: unknown;
  origin: string;
  source: unknown;
}

export class FakeWindow {
  readonly location = { origin: FLEX_ORIGIN };
  readonly posted: Array<{ data: unknown; targetOrigin: string }> = [];
  /** Deliver every posted message back to this window's listeners. */
  loopback = false;
  private readonly listeners = new Set<(event: MessageLike) => void>();
  private readonly timers = new Map<number, { fn: () => void; at: number }>();
  private nextTimer = 0;
  now = 0;

  addEventListener(type: string, listener: (event: MessageLike) => void): void {
    if (type === "message") this.listeners.add(listener);
  }

  removeEventListener(type: string, listener: (event: MessageLike) => void): void {
    if (type === "message") this.listeners.delete(listener);
  }

  postMessage(data: unknown, targetOrigin: string): void {
    this.posted.push({ data: structuredClone(data), targetOrigin });
    if (this.loopback && targetOrigin === this.location.origin) {
      const copy = structuredClone(data);
      queueMicrotask(() => this.dispatch({ data: copy, origin: this.location.origin, source: this }));
    }
  }

  /** A message event as the browser would hand it to listeners. */
  dispatch(event: MessageLike): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** A message from this very window and origin (what the other world's postMessage produces). */
  receive(data: unknown): void {
    this.dispatch({ data, origin: this.location.origin, source: this });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.nextTimer;
    this.timers.set(id, { fn, at: this.now + ms });
    return id;
  }

  clearTimeout(id: number): void {
    this.timers.delete(id);
  }

  /** A repeating timer on the same manual clock (the isolated world's heartbeat). */
  setInterval(fn: () => void, ms: number): number {
    const id = ++this.nextTimer;
    const tick = () => {
      this.timers.set(id, { fn: tick, at: this.now + ms });
      fn();
    };
    this.timers.set(id, { fn: tick, at: this.now + ms });
    return id;
  }

  clearInterval(id: number): void {
    this.timers.delete(id);
  }

  /** The links' clock: this window's manual one. */
  clock() {
    return {
      now: () => this.now,
      repeat: (fn: () => void, ms: number) => this.setInterval(fn, ms),
      stop: (id: unknown) => this.clearInterval(id as number),
    };
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves the clock on and runs the timers that are due, in order. */
  advance(ms: number): void {
    this.now += ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= this.now)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) return;
      this.timers.delete(due[0]);
      due[1].fn();
    }
  }

  /** As the links see it. */
  asWindow(): Window {
    return this as unknown as Window;
  }
}

/** Lets queued microtasks (loopback deliveries, awaited promises) run. */
export async function flushMessages(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
