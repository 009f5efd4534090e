/**
 * Whether the run stayed correct under load (and with replicas sharing a consumer group): every
 * return it opened completed exactly once — one ReturnCompleted event per return on Kafka, counted
 * by event id, since a relay may publish one event twice and consumers drop the copy — and no
 * consumer applied an event twice (its inbox holds each event id at most once).
 */

export interface Correctness {
  readonly returns: number;
  readonly notCompleted: readonly string[];
  readonly completedMoreThanOnce: readonly { readonly returnId: string; readonly times: number }[];
  readonly eventsApplied: number;
  readonly appliedMoreThanOnce: readonly {
    readonly consumer: string;
    readonly eventId: string;
    readonly times: number;
  }[];
  /** Events a consumer gave up on and sent to its dead-letter topic: reported, not a failure of the check. */
  readonly deadLettered: number;
  readonly holds: boolean;
}

/**
 * `completions`: for each return, the ids of the ReturnCompleted events seen for it. `applied`: one
 * entry per inbox row of an applied event, `consumer` being the consumer group.
 */
export function checkCorrectness(
  returnIds: readonly string[],
  completions: ReadonlyMap<string, ReadonlySet<string>>,
  applied: readonly { readonly consumer: string; readonly eventId: string }[],
  deadLettered: number,
): Correctness {
  const notCompleted = returnIds.filter((returnId) => (completions.get(returnId)?.size ?? 0) === 0);
  const completedMoreThanOnce = returnIds
    .map((returnId) => ({ returnId, times: completions.get(returnId)?.size ?? 0 }))
    .filter(({ times }) => times > 1);
  const times = new Map<string, { consumer: string; eventId: string; times: number }>();
  for (const { consumer, eventId } of applied) {
    const key = `${consumer}\u0000${eventId}`;
    const entry = times.get(key) ?? { consumer, eventId, times: 0 };
    entry.times += 1;
    times.set(key, entry);
  }
  const appliedMoreThanOnce = [...times.values()].filter((entry) => entry.times > 1);
  return {
    returns: returnIds.length,
    notCompleted,
    completedMoreThanOnce,
    eventsApplied: applied.length,
    appliedMoreThanOnce,
    deadLettered,
    holds: notCompleted.length === 0 && completedMoreThanOnce.length === 0 && appliedMoreThanOnce.length === 0,
  };
}

/** One line saying whether it holds, and if not, what broke it (the first few of each kind). */
export function describeCorrectness(correctness: Correctness): string {
  const first = (items: readonly string[]) =>
    items.slice(0, 5).join(', ') + (items.length > 5 ? ` and ${items.length - 5} more` : '');
  const facts = [
    `${correctness.returns} returns, ${correctness.eventsApplied} events applied`,
    ...(correctness.deadLettered > 0 ? [`${correctness.deadLettered} dead-lettered`] : []),
  ].join(', ');
  if (correctness.holds) return `holds: every return completed exactly once, no event applied twice (${facts})`;
  const broken = [
    ...(correctness.notCompleted.length > 0
      ? [`${correctness.notCompleted.length} returns never completed (${first(correctness.notCompleted)})`]
      : []),
    ...(correctness.completedMoreThanOnce.length > 0
      ? [
          `${correctness.completedMoreThanOnce.length} returns completed more than once (${first(
            correctness.completedMoreThanOnce.map(({ returnId, times }) => `${returnId} ${times}×`),
          )})`,
        ]
      : []),
    ...(correctness.appliedMoreThanOnce.length > 0
      ? [
          `${correctness.appliedMoreThanOnce.length} events applied more than once (${first(
            correctness.appliedMoreThanOnce.map(
              ({ consumer, eventId, times }) => `${eventId} by ${consumer} ${times}×`,
            ),
          )})`,
        ]
      : []),
  ];
  return `DOES NOT HOLD: ${broken.join('; ')} (${facts})`;
}
