// @vitest-environment happy-dom
// The key only HunkBridge's two halves on Flex hold (content-scripts/flex/page-key.ts), and the
// heartbeat answers it proves: a page script can post "listening", not a proof.
import { describe, expect, it } from "vitest";
import { connectActionsLink } from "../../../content-scripts/flex/overlays/actions-link.ts";
import {
  macOf,
  offerPageKey,
  pageSigner,
  proofText,
  randomHex,
  takePageKey,
} from "../../../content-scripts/flex/page-key.ts";
import { PAGE_ACTIONS_SOURCE } from "../../../src/protocol/messages.ts";
import { FakeWindow } from "./fake-window.ts";

/** What a page script hears when it asks for the key as the isolated half does. */
function pageScriptAsks(doc: Document): unknown {
  let heard: unknown = null;
  doc.addEventListener("hunkbridge:page-key", (e) => {
    heard = (e as CustomEvent).detail;
  });
  doc.dispatchEvent(new Event("hunkbridge:page-key-ask"));
  return heard;
}

/** A document of its own for each test: the halves' listeners stay on the one they met on. */
const freshDocument = () => document.implementation.createHTMLDocument("Flex");

describe("the halves' key, at document_start", () => {
  it("is taken whichever half starts first", () => {
    const doc = freshDocument();
    const key = randomHex(32);
    offerPageKey(doc, key);
    expect(takePageKey(doc)()).toBe(key); // the isolated half asks; the page half answers
    const other = randomHex(32);
    const taken = takePageKey(doc);
    offerPageKey(doc, other); // the page half starts second and offers at once
    expect(taken()).toBe(other);
  });

  it("is neither offered nor taken once a page script can be there", () => {
    const doc = freshDocument();
    const key = randomHex(32);
    doc.head.append(doc.createElement("script"));
    const taken = takePageKey(doc);
    offerPageKey(doc, key);
    expect(taken()).toBeNull();
    // A page script that asks later gets nothing, and can't plant a key of its own.
    expect(pageScriptAsks(doc)).toBeNull();
  });

  it("is offered to one taker only: once taken, an ask gets nothing", () => {
    const doc = freshDocument();
    const key = randomHex(32);
    const taken = takePageKey(doc);
    offerPageKey(doc, key);
    expect(taken()).toBe(key);
    expect(pageScriptAsks(doc)).toBeNull();
  });

  it("is left with the keeper once taken, for the isolated half an update brings", () => {
    const doc = freshDocument();
    const key = randomHex(32);
    const remembered: string[] = [];
    const taken = takePageKey(doc, { remember: (k) => remembered.push(k), recall: async () => null });
    expect(taken()).toBeUndefined(); // the page half hasn't started yet
    offerPageKey(doc, key);
    expect(taken()).toBe(key);
    expect(remembered).toEqual([key]);
  });

  it("injected late, is the one the keeper kept for this document; none or a malformed one is none", async () => {
    const late = () => {
      const doc = freshDocument();
      doc.head.append(doc.createElement("script"));
      return doc;
    };
    const key = randomHex(32);
    const recalled = (recall: () => Promise<string | null>) =>
      takePageKey(late(), { remember: () => expect.unreachable("nothing to remember"), recall });
    const kept = recalled(async () => key);
    const none = recalled(async () => null);
    const malformed = recalled(async () => "not a key");
    const failed = recalled(async () => {
      throw new Error("the service worker is gone");
    });
    expect([kept(), none(), malformed(), failed()]).toEqual([undefined, undefined, undefined, undefined]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([kept(), none(), malformed(), failed()]).toEqual([key, null, null, null]);
    expect(takePageKey(late())()).toBeNull(); // no keeper at all
  });

  it("the page half's signer and the isolated half's check agree", async () => {
    const key = randomHex(32);
    const text = proofText(randomHex(16), "copy0001", "kept");
    expect(await pageSigner(key)(text)).toBe(await macOf(crypto.subtle, key, text));
  });
});

describe("the heartbeat with a key: only proven answers count", () => {
  const S = PAGE_ACTIONS_SOURCE;
  const LISTENING = {
    source: S,
    to: "extension",
    kind: "listening",
    copy: "copy0001",
    startedAt: 1,
    guard: "kept",
  };
  function withKey() {
    const key = randomHex(32);
    const win = new FakeWindow();
    const link = connectActionsLink(
      win.asWindow(),
      () => null,
      () => {},
      win.clock(),
      () => key,
    );
    const lastNonce = (): string => {
      const hellos = win.posted
        .map((p) => p.data as { kind: string; nonce?: string })
        .filter((d) => d.kind === "hello");
      return hellos.at(-1)?.nonce ?? "";
    };
    const answer = async (nonce: string, mac?: string) =>
      win.receive({
        ...LISTENING,
        proof: { nonce, mac: mac ?? (await macOf(crypto.subtle, key, proofText(nonce, "copy0001", "kept"))) },
      });
    return { key, win, link, lastNonce, answer };
  }

  it("a proof of the last hello's nonce turns the guard on", async () => {
    const { link, lastNonce, answer } = withKey();
    await answer(lastNonce());
    await link.judged();
    expect(link.health).toBe("on");
  });

  it("a forged answer (no proof, a wrong MAC, a nonce never asked) counts for nothing", async () => {
    const { win, link, lastNonce, answer } = withKey();
    const forged = {
      source: S,
      to: "extension",
      kind: "listening",
      copy: "forged001",
      startedAt: 99,
      guard: "kept",
    };
    win.receive(forged);
    win.receive({ ...forged, proof: { nonce: lastNonce(), mac: "0".repeat(64) } });
    win.receive({ ...forged, proof: { nonce: randomHex(16), mac: "0".repeat(64) } });
    await link.judged();
    expect(link.health).toBe("starting");
    // A proven answer counts, and commands go to its copy, not to the forger's newer-looking one.
    await answer(lastNonce());
    await link.judged();
    expect(link.health).toBe("on");
    link.transferToCustomerService(`WR${"a".repeat(32)}`, `WQ${"b".repeat(32)}`);
    expect(win.posted.at(-1)?.data).toMatchObject({ kind: "transfer-to-customer-service", copy: "copy0001" });
  });

  it("while the key may still come, nothing is judged; once it is there, proven answers count", async () => {
    const key = randomHex(32);
    let known: string | undefined;
    const win = new FakeWindow();
    const link = connectActionsLink(
      win.asWindow(),
      () => null,
      () => {},
      win.clock(),
      () => known,
    );
    const answerLast = async () => {
      const nonce = (win.posted.at(-1)?.data as { nonce?: string } | undefined)?.nonce ?? "";
      const mac = await macOf(crypto.subtle, key, proofText(nonce, "copy0001", "kept"));
      win.receive({ ...LISTENING, proof: { nonce, mac } });
      await link.judged();
    };
    await answerLast();
    win.advance(2_000);
    expect(link.health).toBe("starting");
    known = key;
    await answerLast();
    win.advance(2_000);
    expect(link.health).toBe("on");
  });

  it("after an update under an open Flex, the proven copy from document_start keeps the guard, not a newer unproven one", async () => {
    const { win, link, lastNonce, answer } = withKey();
    await answer(lastNonce());
    // The new version's page half, injected after Flex's scripts, can't prove itself; a page
    // script posing as it can't either.
    win.receive({ ...LISTENING, copy: "copy0002", startedAt: 50 });
    await link.judged();
    expect(link.health).toBe("on");
    link.transferToCustomerService(`WR${"a".repeat(32)}`, `WQ${"b".repeat(32)}`);
    expect(win.posted.at(-1)?.data).toMatchObject({ kind: "transfer-to-customer-service", copy: "copy0001" });
    // The proven copy goes quiet: the guard is off, whatever the newer one says.
    for (let i = 0; i < 4; i++) {
      win.advance(2_000);
      win.receive({ ...LISTENING, copy: "copy0002", startedAt: 50 });
    }
    await link.judged();
    win.advance(2_000);
    expect(link.health).toBe("off");
  });

  it("with no key at all, answers count but the guard is only unproven", async () => {
    const win = new FakeWindow();
    const link = connectActionsLink(
      win.asWindow(),
      () => null,
      () => {},
      win.clock(),
      () => null,
    );
    win.receive(LISTENING);
    await link.judged();
    expect(link.health).toBe("unproven");
    expect(link.listening).toBe(true);
  });

  it("an old proof replayed after the page half went quiet does not keep the guard on", async () => {
    const { win, link, lastNonce, answer } = withKey();
    const first = lastNonce();
    await answer(first);
    await link.judged();
    expect(link.health).toBe("on");
    for (let i = 0; i < 4; i++) win.advance(2_000);
    expect(link.health).toBe("off");
    await answer(first); // replayed: its nonce is no longer one of the last hellos'
    await link.judged();
    expect(link.health).toBe("off");
  });
});
