package org.mlengine.core;

import java.util.List;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.ScoringModel;
import org.mlengine.runtime.internal.TribuoModelReader;

/**
 * Reads the models that legacy bundles hold only in Tribuo's protobuf form, for the runtime's
 * bundle reader; found by {@link java.util.ServiceLoader}, never called directly. Public only
 * because the service loader needs it.
 *
 * <pre>{@code
 * ModelBundle legacy = ModelBundle.load(Path.of("cart-2025.mlb"));   // works with core on the class path
 * }</pre>
 */
public final class TribuoModels implements TribuoModelReader {

  /** Creates the reader (for the service loader). */
  public TribuoModels() {}

  @Override
  public ScoringModel read(byte[] protobuf, Task task, List<String> features, List<String> classes) throws BundleFormatException {
    return new TribuoModel(TribuoTraining.read(protobuf, "model.tribuo.pb"), task, features, classes);
  }
}
