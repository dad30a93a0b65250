/**
 * What a popup feature is to the popup (App.tsx), which draws the panels of registry.ts in order.
 * A feature lives in its folder under src/features/ (its `popup.tsx`); its panel is a pure function
 * of the view and the clock, and acts only through `act`.
 */
import type { JSX } from "preact";
import type { ConnectionFix } from "../src/domain/connection-health.ts";
import type { AgentView } from "../src/protocol/messages.ts";

export interface PanelProps {
  view: AgentView;
  nowMs: number;
  /** An action is on its way: buttons wait. */
  busy: boolean;
  /** Runs an action; its failure is shown under the panels. */
  act(action: () => Promise<unknown>): void;
  /** The connection's fixing action (open Flex, the settings, retry). */
  fix(kind: ConnectionFix): void;
}

export interface PopupFeature {
  name: string;
  Panel(props: PanelProps): JSX.Element | null;
}
