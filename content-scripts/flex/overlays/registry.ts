/**
 * Every overlay HunkBridge puts on Flex, in the order they apply (a later one's node goes after an
 * earlier one's in a shared parent, such as Flex's top bar). Adding an overlay is its folder under
 * src/features/ and one line here.
 */
import { callerIdOverlay } from "../../../src/features/caller-id/flex.ts";
import { acceptCountdownOverlay } from "../../../src/features/countdowns/flex-accept.ts";
import { reviewCountdownOverlay } from "../../../src/features/countdowns/flex-review.ts";
import { customerServiceTransferOverlay } from "../../../src/features/customer-service-transfer/flex.ts";
import { dialRuleOverlay } from "../../../src/features/dial-rule/flex.ts";
import { flexTabsNoticeOverlay } from "../../../src/features/flex-tabs-notice/flex.ts";
import { offlineBannerOverlay } from "../../../src/features/offline-banner/flex.ts";
import { screenPopOffOverlay } from "../../../src/features/screen-pop/flex.ts";
import { statusChipOverlay } from "../../../src/features/status-chip/flex.ts";
import { transferGuardOverlay } from "../../../src/features/transfer-guard/flex.ts";
import type { FlexOverlayFeature } from "./overlay.ts";

export const FLEX_OVERLAYS: readonly FlexOverlayFeature[] = [
  transferGuardOverlay,
  offlineBannerOverlay,
  statusChipOverlay,
  flexTabsNoticeOverlay,
  screenPopOffOverlay,
  dialRuleOverlay,
  callerIdOverlay,
  customerServiceTransferOverlay,
  acceptCountdownOverlay,
  reviewCountdownOverlay,
];
