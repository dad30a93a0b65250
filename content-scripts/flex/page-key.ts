/**
 * A key only HunkBridge's two halves on Flex hold, so that the page half's heartbeat answers can't
 * be forged by a page script (every script on Flex's page shares the page half's world, and its
 * messages travel by window.postMessage, which any script can post too).
 *
 * The halves meet at document_start, before any page script exists: the page half offers a fresh
 * key by a synchronous DOM event, the isolated half takes it and says so. Either may start first
 * (the isolated half asks). A key is offered and taken only while the document has no <script>
 * element yet, the sign that no page script can have run: once Flex's scripts are in, nothing is
 * offered or taken again, so a page script can neither ask for the key nor plant its own.
 *
 * Halves injected later into an open tab (an update, an install) get no key from the page. The
 * isolated half taken at document_start leaves its key with the service worker, kept for that very
 * document (src/features/transfer-guard/worker-page-keys.ts); after an update the new isolated half
 * gets it back there, and goes on proving the page half that was there from the start. Without one
 * (HunkBridge installed under an open Flex) the heartbeat is unproven until Flex reloads.
 */
export const KEY_EVENT = "hunkbridge:page-key";
export const ASK_EVENT = "hunkbridge:page-key-ask";
export const TAKEN_EVENT = "hunkbridge:page-key-taken";
const KEY_TEXT = /^[0-9a-f]{64}$/;

/** The page half: offers `key` now and to one ask, while no page script can be listening. */
export function offerPageKey(doc: Document, key: string): void {
  // Taken now, before any page script can replace them on the prototypes.
  const querySelector = Document.prototype.querySelector;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const Custom = CustomEvent;
  let taken = false;
  const offer = () => {
    if (taken || querySelector.call(doc, "script") !== null) return;
    dispatch.call(doc, new Custom(KEY_EVENT, { detail: key }));
  };
  doc.addEventListener(TAKEN_EVENT, () => {
    taken = true;
  });
  doc.addEventListener(ASK_EVENT, offer);
  offer();
}

/**
 * The isolated half's key: the key, null when there is none (the heartbeat is unproven), undefined
 * while it may still come.
 */
export type PageKeyState = string | null | undefined;

export interface KeyKeeper {
  /** Leaves the key taken at document_start where a later isolated half can get it back. */
  remember(key: string): void;
  /** The key left by this document's first isolated half, or null. */
  recall(): Promise<string | null>;
}

/**
 * The isolated half: the key the page half offered before any page script ran; or, injected into an
 * open tab, the one this document's first isolated half left with the keeper.
 */
export function takePageKey(doc: Document, keeper?: KeyKeeper): () => PageKeyState {
  let key: PageKeyState;
  if (doc.querySelector("script") !== null) {
    // Too late for the page's offer: only the keeper can know this document's key.
    if (!keeper) return () => null;
    keeper.recall().then(
      (kept) => {
        key = kept !== null && KEY_TEXT.test(kept) ? kept : null;
      },
      () => {
        key = null;
      },
    );
    return () => key;
  }
  const onKey = (event: Event) => {
    if (key !== undefined || doc.querySelector("script") !== null) return;
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== "string" || !KEY_TEXT.test(detail)) return;
    key = detail;
    doc.removeEventListener(KEY_EVENT, onKey);
    doc.dispatchEvent(new Event(TAKEN_EVENT));
    keeper?.remember(detail);
  };
  doc.addEventListener(KEY_EVENT, onKey);
  doc.dispatchEvent(new Event(ASK_EVENT));
  return () => key;
}

const toHex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const fromHex = (hex: string) => new Uint8Array(hex.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);

export function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The text a heartbeat answer's MAC covers: the isolated half's fresh nonce, the copy, its state. */
export const proofText = (nonce: string, copy: string, guard: string) => `${nonce}|${copy}|${guard}`;

/** HMAC-SHA-256 of `text` under the hex `key`, as hex; `subtle` as taken at start. */
export async function macOf(subtle: SubtleCrypto, keyHex: string, text: string): Promise<string> {
  const key = await subtle.importKey("raw", fromHex(keyHex), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return toHex(new Uint8Array(await subtle.sign("HMAC", key, new TextEncoder().encode(text))));
}

/**
 * The page half's signer, made at document_start: the key is imported and SubtleCrypto's `sign`
 * taken now, so a page script that later replaces SubtleCrypto's methods never sees the key.
 */
export function pageSigner(keyHex: string): (text: string) => Promise<string> {
  const subtle = crypto.subtle;
  const sign = SubtleCrypto.prototype.sign;
  const Encoder = TextEncoder;
  const key = subtle.importKey("raw", fromHex(keyHex), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  // Only the MAC goes through toHex, after page scripts may have changed Array's methods: it is
  // posted to the page anyway.
  return async (text) =>
    toHex(new Uint8Array(await sign.call(subtle, "HMAC", await key, new Encoder().encode(text))));
}
