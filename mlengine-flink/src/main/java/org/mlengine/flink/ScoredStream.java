package org.mlengine.flink;

import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

/**
 * What {@link FlinkScorer#score} makes of a stream: the scored rows (the input's fields, then the
 * prediction's) and the refused rows (the input's fields, then {@code error}, the reason).
 *
 * <pre>{@code
 * ScoredStream scoring = FlinkScorer.load(Path.of("credit.mlb")).score(applicants);
 * scoring.scored().uid("credit-scoring").sinkTo(sink);
 * scoring.refused().sinkTo(deadLetters);
 * }</pre>
 *
 * @param scored the scored rows; the operator, so that a uid or parallelism can be set on it
 * @param refused the rows the bundle refused, each with the reason
 */
public record ScoredStream(SingleOutputStreamOperator<Row> scored, DataStream<Row> refused) {

  /** Checks that both streams are given. */
  public ScoredStream {
    Objects.requireNonNull(scored, "scored");
    Objects.requireNonNull(refused, "refused");
  }
}
