/**
 * Every feature HunkBridge has on Hunkware pages, in the order they hear a view (the card is drawn
 * before the fill is asked for). Adding one is its folder under src/features/ and one line here.
 */
import { clientCardOnHunkware } from "../../src/features/client-card/hunkware.ts";
import { draftsOnHunkware } from "../../src/features/drafts/hunkware.ts";
import { offerPrefetchOnHunkware } from "../../src/features/offer-prefetch/hunkware.ts";
import { screenPopFillOnHunkware } from "../../src/features/screen-pop/hunkware.ts";
import type { HunkwareFeature } from "./page-feature.ts";

export const HUNKWARE_FEATURES: readonly HunkwareFeature[] = [
  clientCardOnHunkware,
  screenPopFillOnHunkware,
  offerPrefetchOnHunkware,
  draftsOnHunkware,
];
