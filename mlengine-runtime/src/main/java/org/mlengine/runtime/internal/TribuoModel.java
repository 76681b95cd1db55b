package org.mlengine.runtime.internal;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.internal.ScoringModel;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A model evaluated by Tribuo itself, read from its protobuf form: how format-1 bundles written
 * before CART trees were compiled are scored. New bundles never use it. This class names no
 * Tribuo type: the decoding and scoring live behind {@link TribuoModelReader}.
 *
 * <pre>{@code
 * ScoringModel legacy = TribuoModel.read(bundleId, protobuf, Task.CLASSIFICATION, features, classes);
 * double[] probabilities = legacy.score(index, value, 0, index.length);
 * }</pre>
 */
public final class TribuoModel implements ScoringModel {
  public static final String KIND = "tribuo";

  /** Scores one row as {@link ScoringModel#score} does, with Tribuo's model. */
  @FunctionalInterface
  public interface RowScores {
    double[] score(int[] index, double[] value, int from, int to);
  }

  private final RowScores scores;

  public TribuoModel(RowScores scores) {
    this.scores = scores;
  }

  /**
   * Reads the Tribuo model of a legacy bundle with the {@link TribuoModelReader} on the class
   * path.
   *
   * @param bundleId the id the bundle's manifest declares, for messages
   * @param protobuf the bytes of {@code model.tribuo.pb}, or null when the bundle has none
   * @throws BundleFormatException when the entry is missing, is not a model this library loads,
   *     or Tribuo is not on the class path
   */
  public static ScoringModel read(String bundleId, byte[] protobuf, Task task, List<String> features, List<String> classes)
      throws BundleFormatException {
    if (protobuf == null) {
      throw new BundleFormatException("bundle " + bundleId + "'s " + "model.json" + " has kind '" + KIND + "', whose model is"
          + " in " + "model.tribuo.pb" + ", but the bundle has no such entry; the file is incomplete. Re-copy it from its source"
          + " or refit.");
    }
    TribuoModelReader reader = TribuoModelReader.installed(bundleId);
    try {
      return reader.read(protobuf, task, features, classes);
    } catch (LinkageError e) {
      throw TribuoModelReader.missing(bundleId, e);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public double[] score(int[] index, double[] value, int from, int to) {
    return scores.score(index, value, from, to);
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", KIND);
    o.put("entry", "model.tribuo.pb");
    return o;
  }
}
