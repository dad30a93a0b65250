/**
 * Connection health: what is wrong, why (the service worker's own words when it has them), and
 * the one button that fixes it.
 */

import { PanelHeading } from "../../../popup/PanelHeading.tsx";
import { type ConnectionFix, connectionHealth } from "../../domain/connection-health.ts";
import { secondsLeft } from "../../domain/countdown.ts";
import type { AgentView } from "../../protocol/messages.ts";

export function ConnectionPanel(props: {
  connection: AgentView["connection"];
  /** The transfer guard on Flex's Actions (src/features/transfer-guard/worker.ts); absent: unknown. */
  transferGuard?: AgentView["transferGuard"];
  nowMs: number;
  onFix: (fix: ConnectionFix) => void;
}) {
  const { status, detail, identity, retryAtMs } = props.connection;
  const health = connectionHealth(status);
  const retryIn = retryAtMs === null ? 0 : secondsLeft(retryAtMs, props.nowMs);
  return (
    <section aria-labelledby="hb-connection-title">
      <PanelHeading id="hb-connection-title" title="Connection">
        <span class="pill" role="status" data-testid="hb-connection" data-status={status}>
          {health.text}
        </span>
      </PanelHeading>
      {identity && <p class="detail">Signed in as {identity}</p>}
      {(detail ?? health.hint) && <p class="detail">{detail ?? health.hint}</p>}
      {retryIn > 0 && <p class="detail">Trying again by itself in {retryIn} s.</p>}
      {props.transferGuard === "off" && (
        <p class="notice" role="alert" data-testid="hb-transfer-guard">
          The transfer guard in Flex is off: HunkBridge's listeners on Flex's actions stopped answering.
          Weblead calls stay blocked at Twilio and on Flex's transfer buttons. Reload Flex to bring it back.
        </p>
      )}
      {props.transferGuard === "unproven" && (
        <p class="notice" data-testid="hb-transfer-guard">
          Reload Flex between calls: HunkBridge reached Flex after Flex had started, so it can't yet prove
          that its transfer guard there is its own. Weblead calls stay blocked at Twilio and on Flex's
          transfer buttons.
        </p>
      )}
      {health.fix && (
        <button
          type="button"
          class="primary"
          data-fix={health.fix.kind}
          onClick={() => health.fix && props.onFix(health.fix.kind)}
        >
          {health.fix.label}
        </button>
      )}
    </section>
  );
}
