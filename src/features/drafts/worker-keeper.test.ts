import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStore } from "../../../tests/unit/background/fakes.ts";
import { DRAFTS_BYTES_LIMIT, DraftKeeper, type DraftState, KEPT_DRAFTS_LIMIT } from "./worker-keeper.ts";

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

/** A draft of `fieldCount` full-size fields (the protocol's 20,000 characters each). */
const bigDraft = (n: number, fieldCount: number) => ({
  ...draft(n),
  fields: Array.from({ length: fieldCount }, (_, i) => ({
    key: `f${i}`,
    label: `F${i}`,
    value: "é".repeat(20_000), // two bytes each in UTF-8
  })),
});
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

afterEach(() => vi.restoreAllMocks());

function setup(stored: DraftState | null = null, store = memoryStore<DraftState>(stored)) {
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

  it("forgets every draft, kept or open, when another agent signs in", async () => {
    const t = setup();
    t.keeper.report(5, draft(1));
    t.keeper.keepOpenDraft(5, T0);
    t.keeper.report(6, draft(2));
    t.keeper.forgetAll();
    await Promise.resolve();
    expect(t.keeper.view()).toEqual([]);
    expect(t.keeper.keepOpenDraft(6, T0 + 1)).toBeNull();
    expect(t.store.value).toBeNull();
    expect(t.changes()).toBe(2);
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

  it("keeps no more than its byte budget, dropping the oldest kept drafts first, and says so", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t = setup();
    // 10 fields of 40 kB each: about 400 kB a draft, so only two fit in the budget.
    for (let i = 1; i <= 4; i++) {
      t.keeper.report(i, bigDraft(i, 10));
      t.keeper.keepOpenDraft(i, T0 + i);
    }
    expect(t.keeper.view().map((d) => d.id)).toEqual([`4-${T0 + 4}`, `3-${T0 + 3}`]);
    for (const saved of t.store.saves) expect(bytes(saved)).toBeLessThanOrEqual(DRAFTS_BYTES_LIMIT);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toContain("Lead 1");
    // Nothing typed is logged.
    expect(JSON.stringify(warn.mock.calls)).not.toContain("éé");
  });

  it("holds unsaved edits in half the budget, the largest dropped first, not at kept drafts' cost", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t = setup();
    t.keeper.report(1, bigDraft(1, 10));
    t.keeper.keepOpenDraft(1, T0);
    // Two Hunkware tabs with big unsaved edits (320 + 200 kB), then one far over any budget.
    t.keeper.report(2, bigDraft(2, 8));
    t.keeper.report(3, bigDraft(3, 5));
    t.keeper.report(4, bigDraft(4, 100));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(t.keeper.view().map((d) => d.id)).toEqual([`1-${T0}`]);
    expect(t.keeper.keepOpenDraft(4, T0 + 4)).toBeNull();
    expect(t.keeper.keepOpenDraft(2, T0 + 2)).toBeNull();
    expect(t.keeper.keepOpenDraft(3, T0 + 3)?.fields).toHaveLength(5);
    // An open draft of nearly half the budget is still kept whole, at the oldest one's cost.
    t.keeper.report(6, bigDraft(6, 12));
    expect(t.keeper.keepOpenDraft(6, T0 + 6)?.fields).toHaveLength(12);
    expect(t.keeper.view().map((d) => d.id)).toEqual([`6-${T0 + 6}`, `3-${T0 + 3}`]);
    for (const saved of t.store.saves) expect(bytes(saved)).toBeLessThanOrEqual(DRAFTS_BYTES_LIMIT);
  });

  it("a failed save (storage.session full) is logged, never thrown, and the drafts stay usable", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const quota = new Error("Resource::kQuotaBytes quota exceeded");
    const rejecting = { load: async () => null, save: () => Promise.reject(quota) };
    const throwing = {
      load: async () => null,
      save: (): Promise<void> => {
        throw quota;
      },
    };
    for (const store of [rejecting, throwing]) {
      const t = setup(null, { ...memoryStore<DraftState>(), ...store });
      expect(() => t.keeper.report(5, draft())).not.toThrow();
      expect(t.keeper.keepOpenDraft(5, T0)?.fields).toEqual(FIELDS);
      expect(t.keeper.fields(`5-${T0}`)).toEqual(FIELDS);
      expect(() => t.keeper.dismiss(`5-${T0}`)).not.toThrow();
      expect(t.keeper.view()).toEqual([]);
    }
    await vi.waitFor(() => expect(error).toHaveBeenCalledTimes(6));
    expect(error).toHaveBeenCalledWith(expect.stringContaining("draft"), quota);
  });

  it("a failed restore starts empty instead of failing the service worker's start (and sign-in)", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = new Error("storage.session unavailable");
    const t = setup(null, { ...memoryStore<DraftState>(), load: () => Promise.reject(broken) });
    await expect(t.keeper.restore()).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith(expect.stringContaining("draft"), broken);
    t.keeper.report(5, draft());
    expect(t.keeper.keepOpenDraft(5, T0)?.fields).toEqual(FIELDS);
  });

  it("starts empty when nothing was stored", async () => {
    const t = setup();
    await t.keeper.restore();
    expect(t.keeper.view()).toEqual([]);
  });
});
