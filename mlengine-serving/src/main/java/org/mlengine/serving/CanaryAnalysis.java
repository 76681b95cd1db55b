package org.mlengine.serving;

/**
 * A {@link CanaryWatch}'s counters over its checks, as Argo Rollouts' AnalysisRun keeps them:
 * {@code failures} failed checks in a row roll the canary back (Argo's {@code failureLimit}
 * made consecutive, as Flagger's checks are consecutive within a run); {@code errors} checks in
 * a row that could not be measured roll it back too (Argo's {@code consecutiveErrorLimit} + 1);
 * {@code passes} successful checks in a row pass it (Argo's {@code consecutiveSuccessLimit}, 0
 * for never). An inconclusive check (too few requests) neither breaks nor extends a run of
 * failures or passes. Not thread-safe: the watch's thread alone uses it.
 */
final class CanaryAnalysis {
  /** What one check found. */
  enum Measurement { SUCCESS, FAILURE, INCONCLUSIVE, ERROR }

  /** What the watch does after a check. */
  enum Verdict { CONTINUE, ROLL_BACK, PASS }

  private final int failureLimit;
  private final int errorLimit;
  private final int passLimit;
  private int failuresInARow;
  private int errorsInARow;
  private int passesInARow;

  CanaryAnalysis(int failureLimit, int errorLimit, int passLimit) {
    this.failureLimit = failureLimit;
    this.errorLimit = errorLimit;
    this.passLimit = passLimit;
  }

  Verdict add(Measurement m) {
    switch (m) {
      case FAILURE -> {
        failuresInARow++;
        passesInARow = 0;
        errorsInARow = 0;
        return failuresInARow >= failureLimit ? Verdict.ROLL_BACK : Verdict.CONTINUE;
      }
      case ERROR -> {
        errorsInARow++;
        return errorsInARow >= errorLimit ? Verdict.ROLL_BACK : Verdict.CONTINUE;
      }
      case SUCCESS -> {
        failuresInARow = 0;
        errorsInARow = 0;
        passesInARow++;
        return passLimit > 0 && passesInARow >= passLimit ? Verdict.PASS : Verdict.CONTINUE;
      }
      default -> {
        errorsInARow = 0;
        return Verdict.CONTINUE;
      }
    }
  }

  /** Failed checks in a row now. */
  int failuresInARow() {
    return failuresInARow;
  }

  /** Checks in a row that could not be measured now. */
  int errorsInARow() {
    return errorsInARow;
  }
}
