package org.mlengine.serving;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One step of a {@link MaintenanceLoop} or a {@link CanaryWatch}, as their listeners see it: when,
 * who took it, which step, the registry version it concerns, why, and for a failure what was
 * thrown. The steps that change something are also in the registry's history; these events add
 * what the history cannot hold (a trigger that was coalesced, a check that decided nothing, a
 * retraining that failed before anything was registered).
 *
 * <pre>{@code
 * MaintenanceLoop loop = MaintenanceLoop.builder("credit-loop")
 *     ...
 *     .listener(e -> log.info("{} {} v{}: {}", e.at(), e.step(), e.version().orElse(0), e.reason()))
 *     .build();
 * }</pre>
 *
 * @param at when the step was taken, by the loop's or the watch's clock
 * @param by the loop's or the watch's name (the {@code by} of the registry moves it makes)
 * @param step what happened
 * @param version the registry version concerned (the candidate, the promoted or the rolled-back-to version), if any
 * @param reason why, in words: the trigger, the comparison, the metric and its values, the failure
 * @param cause what was thrown, for a {@link Step#FAILED} step
 */
public record MaintenanceEvent(Instant at, String by, Step step, OptionalInt version, String reason,
    Optional<Throwable> cause) {
  /**
   * The steps of a maintenance loop (retraining to promotion or refusal) and of a canary watch
   * (checks to a rollback or a pass).
   *
   * <pre>{@code
   * loop.listener(e -> { if (e.step() == MaintenanceEvent.Step.PROMOTED) alerts.info(e.reason()); });
   * }</pre>
   */
  public enum Step {
    /** A trigger started a retraining. */
    TRIGGERED,
    /** A trigger came while a retraining or a shadow trial was under way: counted, not started again. */
    COALESCED,
    /** The retrained bundle was registered as the model's next version (the version's reason names the trigger). */
    REGISTERED,
    /** The candidate took the shadow's place; the registry's candidate alias points at it. */
    SHADOWING,
    /** A check of the shadow trial or of the canary that decided nothing yet; the reason holds what it saw. */
    CHECKED,
    /** The candidate was promoted: the champion alias moved to it and the deployment's champion is it. */
    PROMOTED,
    /** The candidate was refused (worse, or no significant difference within the budget) and left the shadow. */
    REFUSED,
    /** A check of the canary crossed a limit (the reason names the metric, its values and the limit). */
    LIMIT_CROSSED,
    /** The canary was taken out (its slot serves the stable model) and the registry alias moved back. */
    ROLLED_BACK,
    /** The canary passed its checks; the watch stopped. */
    PASSED,
    /** A step failed (the reason says which and what stays serving; {@link MaintenanceEvent#cause()} holds why). */
    FAILED
  }

  /** Checks the fields. */
  public MaintenanceEvent {
    Objects.requireNonNull(at, "the event's time is null; pass when the step was taken, e.g. clock.instant()");
    Objects.requireNonNull(by, "the event's 'by' is null; pass the loop's or the watch's name, e.g. \"credit-loop\"");
    Objects.requireNonNull(step, "the event's step is null; pass one of MaintenanceEvent.Step, e.g. Step.CHECKED");
    Objects.requireNonNull(version, "the event's version is null; pass OptionalInt.empty() when no version is concerned");
    Objects.requireNonNull(reason, "the event's reason is null; pass why, in words, e.g. \"drift: Income\"");
    Objects.requireNonNull(cause, "the event's cause is null; pass Optional.empty() unless the step failed");
  }

  @Override
  public String toString() {
    return at + " " + by + " " + step + (version.isPresent() ? " v" + version.getAsInt() : "") + ": " + reason
        + cause.map(e -> " (" + e + ")").orElse("");
  }
}
