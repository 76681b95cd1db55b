package org.mlengine.runtime.internal;

import java.util.List;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Task;

/**
 * Reads a model that a bundle holds only in Tribuo's protobuf form ({@code model.json} of kind
 * {@code "tribuo"}: format-1 bundles written before CART trees were compiled). The runtime has
 * no Tribuo; {@code mlengine-core} provides the one implementation through {@link
 * java.util.ServiceLoader}, so such bundles load where core is on the class path and are refused
 * with a message naming it where it is not. Not API.
 *
 * <pre>{@code
 * ScoringModel model = TribuoModelReader.find().read(bytes, task, features, classes);
 * }</pre>
 */
public interface TribuoModelReader {

  /**
   * The model in {@code protobuf}, scoring features in {@code features} order into
   * {@code classes} order.
   *
   * @throws BundleFormatException when the bytes are not a Tribuo model this library accepts
   */
  ScoringModel read(byte[] protobuf, Task task, List<String> features, List<String> classes) throws BundleFormatException;

  /**
   * The reader on the class path.
   *
   * @throws BundleFormatException naming the artifact to add when there is none
   */
  static TribuoModelReader find() throws BundleFormatException {
    return first(java.util.ServiceLoader.load(TribuoModelReader.class, TribuoModelReader.class.getClassLoader()));
  }

  /** The first of {@code readers}, or the error that says what to add. */
  static TribuoModelReader first(Iterable<TribuoModelReader> readers) throws BundleFormatException {
    for (TribuoModelReader reader : readers) {
      return reader;
    }
    throw new BundleFormatException(
        "this bundle's model exists only as Tribuo protobuf (entry 'model.tribuo.pb', model.json kind 'tribuo'); reading it needs"
            + " Tribuo, which the runtime does not carry: add org.mlengine:mlengine-core to the class path, or refit and save the"
            + " bundle with this version, which compiles every model");
  }
}
