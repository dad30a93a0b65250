/**
 * The one way the service worker keeps a value in chrome.storage: a store names its area, its key,
 * the schema its value is read back with, and whose data it holds (stores.ts lists them all).
 * Storage hands back whatever an older version, another build or a bug left there, so a value is
 * trusted only once its schema accepts it; anything else is reported and treated as absent.
 */
import * as v from "valibot";

export type AreaName = "local" | "session";

/**
 * Whose data a store holds, which decides when it goes:
 * - "until-sign-out": the signed-in agent's clients, cleared when they sign out or another agent
 *   signs in (background.ts `forgetClients`);
 * - "until-another-agent": client data the agent keeps past a sign-out for their return, stamped
 *   with the agent and wiped by its owner when another agent signs in on this browser;
 * - false: no client data (configuration, tokens, the callback memory's keys, the agent's own figures).
 */
export type ClientData = false | "until-sign-out" | "until-another-agent";

export interface StoreSpec<T, C extends ClientData = ClientData> {
  readonly area: AreaName;
  /** Fixed on disk: renaming one loses what users already have. */
  readonly key: string;
  readonly schema: v.GenericSchema<unknown, T>;
  readonly clientData: C;
}

/** The parts of a storage area a store uses (webextension-polyfill's StorageArea has them). */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export type StorageLike = Record<AreaName, StorageAreaLike>;

export interface Persisted<T> {
  /**
   * The stored value, or null when there is none or it is malformed (warned about, never thrown).
   * Rejects only when the storage itself fails: a caller that would replace a value it could not
   * read (the callback memory's session key) must be able to tell that from "nothing stored".
   */
  load(): Promise<T | null>;
  save(value: T): Promise<void>;
  clear(): Promise<void>;
}

export function persisted<T, const C extends ClientData>(spec: StoreSpec<T, C>): StoreSpec<T, C> {
  return Object.freeze({ ...spec });
}

export function openStore<T>(
  spec: StoreSpec<T>,
  storage: StorageLike,
  warn: (line: string) => void = console.warn,
): Persisted<T> {
  const area = storage[spec.area];
  return {
    async load() {
      const stored = (await area.get(spec.key))[spec.key];
      if (stored === undefined || stored === null) return null;
      const parsed = v.safeParse(spec.schema, stored);
      if (parsed.success) return parsed.output;
      warn(
        `HunkBridge: storage.${spec.area} "${spec.key}" is not in the shape this version keeps, so it is ignored (${issuesText(parsed.issues)})`,
      );
      return null;
    },
    async save(value) {
      await area.set({ [spec.key]: value });
    },
    async clear() {
      await area.remove(spec.key);
    },
  };
}

/** Issues whose message is written beside the schema here, never valibot's (which quotes the value). */
const OWN_MESSAGES = new Set(["custom", "raw_transform"]);

/** Where and what was expected, never what was found: a stored value may be a client's details. */
function issuesText(issues: readonly v.BaseIssue<unknown>[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const where = v.getDotPath(issue) ?? "the value";
    if (OWN_MESSAGES.has(issue.type)) return `${where}: ${issue.message}`;
    return `${where}: expected ${issue.expected ?? issue.type}`;
  });
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join("; ")}; and ${more} more` : shown.join("; ");
}

/** A JSON object taken as it is: every own key kept (valibot's record drops "constructor"). */
export const PlainObject = v.custom<Record<string, unknown>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "expected an object",
);

type Shape<T> = T extends readonly (infer U)[]
  ? Shape<U>[]
  : T extends object
    ? { [K in keyof T]: Shape<T[K]> }
    : T;
type Same<A, B> =
  (<X>() => X extends Shape<A> ? 1 : 2) extends <X>() => X extends Shape<B> ? 1 : 2 ? true : false;

/**
 * `exactly<T>()(schema)` compiles only if the schema reads back exactly T: valibot's object drops
 * keys it does not list, so a field of T missing here would be lost on every restore.
 */
export function exactly<T>() {
  return <S extends v.GenericSchema<unknown, T>>(
    schema: S,
    ..._exact: Same<v.InferOutput<S>, T> extends true ? [] : ["the schema does not read back exactly", T]
  ): S => schema;
}
