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
    let heard: unknown = null;
    doc.addEventListener("hunkbridge:page-key", (e) => {
      heard = (e as CustomEvent).detail;
    });
    doc.dispatchEvent(new Event("hunkbridge:page-key-ask"));
    expect(heard).toBeNull();
  });

  it("is offered to one taker only: once taken, an ask gets nothing", () => {
    const doc = freshDocument();
    const key = randomHex(32);
    const taken = takePageKey(doc);
    offerPageKey(doc, key);
    expect(taken()).toBe(key);
    let heard: unknown = null;
    doc.addEventListener("hunkbridge:page-key", (e) => {
      heard = (e as CustomEvent).detail;
    });
    doc.dispatchEvent(new Event("hunkbridge:page-key-ask"));
    expect(heard).toBeNull();
  });

  it("the page half's signer and the isolated half's check agree", async () => {
    const doc = freshDocument();
    const key = randomHex(32);
    const text = proofText(randomHex(16), "copy0001", "kept");
    expect(await pageSigner(key)(text)).toBe(await macOf(crypto.subtle, key, text));
  });
});

describe("the heartbeat with a key: only proven answers count", () => {
  const S = PAGE_ACTIONS_SOURCE;
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
        source: S,
        to: "extension",
        kind: "listening",
        copy: "copy0001",
        startedAt: 1,
        guard: "kept",
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
