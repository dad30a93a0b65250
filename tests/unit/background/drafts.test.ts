import { describe, expect, it } from "vitest";
import { DraftKeeper, type DraftState, KEPT_DRAFTS_LIMIT } from "../../../src/background/drafts.ts";
import { memoryStore } from "./fakes.ts";

const T0 = 1_700_000_000_000;
const FIELDS = [
  { key: "notes", label: "Notes", value: "call after 5" },
  { key: "zip", label: "ZIP", value: "02139" },
];
const draft = (n = 1) => ({
  url: `https://hunkware.chhj.com/leads/${n}`,
  title: `Lead ${n}`,
  fields: FIELDS,
});

function setup(stored: DraftState | null = null) {
  const store = memoryStore<DraftState>(stored);
  let changes = 0;
  const keeper = new DraftKeeper(store, () => changes++);
  return { store, keeper, changes: () => changes };
}

describe("DraftKeeper", () => {
  it("keeps an open draft when its tab is navigated away, and shows it", () => {
    const t = setup();
    t.keeper.report(5, draft());
    expect(t.changes()).toBe(0);
    expect(t.keeper.view()).toEqual([]);
    const kept = t.keeper.keepOpenDraft(5, T0);
    expect(kept).toEqual({ ...draft(), id: `5-${T0}`, savedAtMs: T0 });
    expect(t.changes()).toBe(1);
    expect(t.keeper.view()).toEqual([
      { id: `5-${T0}`, url: draft().url, title: "Lead 1", savedAtMs: T0, fieldCount: 2 },
    ]);
    expect(t.keeper.fields(`5-${T0}`)).toEqual(FIELDS);
    expect(t.store.saves.at(-1)).toEqual({ open: {}, kept: [kept] });
    // The open draft is gone: a second navigation keeps nothing more.
    expect(t.keeper.keepOpenDraft(5, T0 + 1)).toBeNull();
  });

  it("keeps nothing for a tab without unsaved edits, or saved since", () => {
    const t = setup();
    expect(t.keeper.keepOpenDraft(5, T0)).toBeNull();
    t.keeper.report(5, draft());
    t.keeper.report(5, { ...draft(), fields: [] });
    expect(t.store.saves.at(-1)).toEqual({ open: {}, kept: [] });
    expect(t.keeper.keepOpenDraft(5, T0)).toBeNull();
    expect(t.changes()).toBe(0);
  });

  it("forgets a closed tab's draft without a visible change", () => {
    const t = setup();
    t.keeper.report(5, draft());
    t.keeper.report(6, draft(2));
    t.keeper.forgetTab(5);
    expect(t.store.saves.at(-1)?.open).toEqual({ "6": draft(2) });
    const saves = t.store.saves.length;
    t.keeper.forgetTab(99);
    expect(t.store.saves).toHaveLength(saves);
    expect(t.keeper.keepOpenDraft(5, T0)).toBeNull();
    expect(t.changes()).toBe(0);
  });

  it(`keeps the newest ${KEPT_DRAFTS_LIMIT}, newest first`, () => {
    const t = setup();
    for (let i = 1; i <= KEPT_DRAFTS_LIMIT + 2; i++) {
      t.keeper.report(i, draft(i));
      t.keeper.keepOpenDraft(i, T0 + i);
    }
    const ids = t.keeper.view().map((d) => d.id);
    expect(ids).toHaveLength(KEPT_DRAFTS_LIMIT);
    expect(ids[0]).toBe(`${KEPT_DRAFTS_LIMIT + 2}-${T0 + KEPT_DRAFTS_LIMIT + 2}`);
    expect(ids.at(-1)).toBe(`3-${T0 + 3}`);
  });

  it("dismisses a kept draft; its fields are then refused with a clear error", () => {
    const t = setup();
    t.keeper.report(5, draft());
    const kept = t.keeper.keepOpenDraft(5, T0);
    t.keeper.dismiss(kept?.id ?? "");
    expect(t.changes()).toBe(2);
    expect(t.keeper.view()).toEqual([]);
    expect(() => t.keeper.fields(kept?.id ?? "")).toThrow("that draft is no longer kept");
    expect(() => t.keeper.fields("nope")).toThrow(/no longer kept/);
  });

  it("restores what a previous service worker kept", async () => {
    const before = setup();
    before.keeper.report(5, draft());
    before.keeper.keepOpenDraft(5, T0);
    before.keeper.report(6, draft(2));
    const t = setup(before.store.value);
    expect(t.keeper.view()).toEqual([]);
    await t.keeper.restore();
    expect(t.keeper.view()).toEqual(before.keeper.view());
    expect(t.keeper.keepOpenDraft(6, T0 + 1)?.fields).toEqual(FIELDS);
  });

  it("starts empty when nothing was stored", async () => {
    const t = setup();
    await t.keeper.restore();
    expect(t.keeper.view()).toEqual([]);
  });
});
