/**
 * The task in hand (client, origin, state, live countdown) and the offers waiting to be accepted.
 * Every client field is untrusted task data: rendered as text, a missing one as "—".
 */

import { countdownLabel, phaseText, reservationOriginText } from "../../../popup/task-text.ts";
import { countdownText } from "../../domain/countdown.ts";
import { reservationCountdown } from "../../domain/reservation.ts";
import type { AgentView, ReservationView } from "../../protocol/messages.ts";

const MISSING = "—";

export function TaskPanel(props: { view: Pick<AgentView, "reservations" | "inHand">; nowMs: number }) {
  const { reservations, inHand } = props.view;
  const current = reservations.find((r) => r.sid === inHand) ?? null;
  const offers = reservations.filter((r) => r.phase === "pending" && r.sid !== inHand);
  return (
    <section aria-labelledby="hb-task-title">
      <h2 id="hb-task-title" class="label">
        Task in hand
      </h2>
      <div data-testid="hb-current-task" data-phase={current?.phase ?? "none"}>
        {current ? (
          <TaskCard reservation={current} nowMs={props.nowMs} />
        ) : (
          <p class="detail">No task in hand.</p>
        )}
      </div>
      {offers.length > 0 && (
        <ul class="offers" aria-label="Incoming tasks">
          {offers.map((r) => (
            <li key={r.sid} data-testid="hb-offer" data-reservation={r.sid}>
              <TaskCard reservation={r} nowMs={props.nowMs} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TaskCard({ reservation: r, nowMs }: { reservation: ReservationView; nowMs: number }) {
  const countdown = reservationCountdown(r);
  return (
    <div class="task">
      <p class="client">
        <span data-field="name">{r.client.name ?? MISSING}</span>
        <span class="detail" data-field="phone">
          {r.client.phone ?? MISSING}
        </span>
      </p>
      <p class="detail">
        <span data-field="origin">{reservationOriginText(r)}</span>
        {r.origin !== "inbound" && <span data-field="lead"> · Lead {r.client.leadId ?? MISSING}</span>}
      </p>
      {/* A status region: a new phase is announced once; the countdown below is not. */}
      <p role="status" data-field="state">
        {phaseText(r.phase)}
      </p>
      {countdown && (
        <p class="countdown">
          {countdownLabel(countdown, nowMs)}{" "}
          <span
            role="timer"
            data-testid={countdown.kind === "accept" ? "hb-accept-countdown" : "hb-dial-countdown"}
          >
            {countdownText(countdown, nowMs)}
          </span>
        </p>
      )}
      {r.problem && (
        <p class="notice" data-field="problem">
          {r.problem}
        </p>
      )}
    </div>
  );
}
