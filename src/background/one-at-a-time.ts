/**
 * Runs jobs one after another, in the order they were asked for: a job starts only once the one
 * before it has finished, failed ones included. Configuration changes go through it, so two policy
 * or options changes in quick succession can't interleave their content-script registrations
 * (the second would find the first half done, and leave the registrations out of step).
 */
export function oneAtATime(
  startAfter: Promise<unknown>,
  onError: (error: unknown) => void,
): (job: () => Promise<unknown>) => Promise<void> {
  let last: Promise<unknown> = startAfter;
  return (job) => {
    const run = last.catch(() => {}).then(job);
    last = run;
    return run.then(
      () => {},
      (error: unknown) => onError(error),
    );
  };
}
