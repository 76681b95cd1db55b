package org.mlengine.serving;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ClientLimits} knows about one client: its standing, a score that falls with each
 * delay, refusal and extraction flag and recovers over time, and its counts since it was first
 * seen (or last forgotten).
 *
 * <pre>{@code
 * Reputation r = limits.reputation("acme");
 * if (r.score() < 0.2 || r.extractionFlags() > 0) {
 *   alerts.raise(r);   // e.g. review the account, or limits.block("acme")
 * }
 * }</pre>
 *
 * @param clientId the client's id
 * @param standing whether the application allowed or blocked the client, or left it to the limits
 * @param score between 0 and 1: {@code 1 / (1 + penalty)}, where each delayed request adds 0.01 to
 *     the penalty, each refused one 0.1 and each extraction flag 1, and the penalty halves every
 *     {@link ClientLimits.Builder#reputationHalfLife half-life}; 1 for a clean record
 * @param requests the requests the client made
 * @param delayed the requests admitted after a delay
 * @param refused the requests refused (over the rate, over the near-duplicate quota, or blocked)
 * @param extractionFlags the windows in which the client went over its near-duplicate quota
 * @param sinceLastSeen the time since the client's last request; empty for a client not seen
 */
public record Reputation(String clientId, Standing standing, double score, long requests, long delayed, long refused,
    long extractionFlags, Optional<Duration> sinceLastSeen) {

  /**
   * How the application placed a client.
   *
   * <pre>{@code
   * boolean trusted = limits.reputation("api-key-17").standing() == Reputation.Standing.ALLOWED;
   * }</pre>
   */
  public enum Standing {
    /** The limits apply. */
    LIMITED,
    /** Always admitted ({@link ClientLimits#allow}); still counted. */
    ALLOWED,
    /** Always refused ({@link ClientLimits#block}). */
    BLOCKED
  }

  /** Checks the fields. */
  public Reputation {
    Objects.requireNonNull(clientId, "the client id is null; pass the id the application knows the client by");
    Objects.requireNonNull(standing, "the standing is null; pass Standing.LIMITED for a client left to the limits");
    Objects.requireNonNull(sinceLastSeen, "sinceLastSeen is null; pass Optional.empty() for a client not seen");
  }
}
