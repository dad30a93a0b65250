/** One task's speed to lead as steps: "lead to offer 4.0 s · accepted in 3.4 s · review 15.0 s · call 2 min 10 s". */

import type { TaskTimingView } from "../../protocol/messages.ts";
import { durationText, stepText } from "./popup-timing-text.ts";
import { timelineSteps } from "./speed-to-lead.ts";

export function TaskTimeline({ timing }: { timing: TaskTimingView }) {
  return (
    <ol class="timeline detail" data-testid="hb-task-timeline" aria-label="Timeline">
      {timelineSteps(timing).map((step) => {
        const id = `${step.from}-${step.to}`;
        return (
          <li key={id} data-step={id}>
            {stepText(step, timing.outcome)}{" "}
            <span data-field={id === "offered-accepted" ? "time-to-accept" : "duration"}>
              {durationText(step.ms)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
