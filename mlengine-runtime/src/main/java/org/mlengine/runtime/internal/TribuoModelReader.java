package org.mlengine.runtime.internal;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Task;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The one seam between reading a bundle and Tribuo: decodes {@code model.tribuo.pb} for the
 * legacy bundles whose model exists only in Tribuo's protobuf form ({@code model.json} of kind
 * {@code "tribuo"}: CART models written before trees were compiled). Everything else a bundle
 * holds is read without Tribuo. The implementation is mlengine-core's Tribuo adapter, found
 * with {@link ServiceLoader} (registered in core's {@code META-INF/services}), so that a reader
 * without Tribuo on the class path refuses such a bundle with a message naming what to add.
 *
 * <pre>{@code
 * ScoringModel model = TribuoModelReader.installed("3f2a...").read(protobuf, task, features, classes);
 * }</pre>
 */
public interface TribuoModelReader {

  /**
   * Reads Tribuo's protobuf form of a model into one that scores rows given in the bundle's
   * feature order, into the bundle's class order.
   *
   * @throws BundleFormatException when the bytes are not a Tribuo model this library loads
   */
  ScoringModel read(byte[] protobuf, Task task, List<String> features, List<String> classes) throws BundleFormatException;

  /**
   * The reader registered on the class path.
   *
   * @param bundleId the id of the bundle being read, for the message
   * @throws BundleFormatException when none is registered (Tribuo and mlengine-core are absent)
   */
  static TribuoModelReader installed(String bundleId) throws BundleFormatException {
    return first(ServiceLoader.load(TribuoModelReader.class, TribuoModelReader.class.getClassLoader()), bundleId);
  }

  /**
   * The first of {@code providers} that can be instantiated.
   *
   * @throws BundleFormatException when there is none, naming the artifact that provides one
   */
  static TribuoModelReader first(Iterable<? extends TribuoModelReader> providers, String bundleId) throws BundleFormatException {
    Iterator<? extends TribuoModelReader> it = providers.iterator();
    Throwable failure = null;
    // A provider that cannot be made (Tribuo missing beside it) is skipped; a few at most.
    for (int failures = 0; failures < 8; failures++) {
      try {
        if (!it.hasNext()) {
          break;
        }
        return it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        failure = e;
      }
    }
    throw missing(bundleId, failure);
  }

  /** The refusal of a bundle that needs Tribuo when Tribuo is not on the class path. */
  static BundleFormatException missing(String bundleId, Throwable cause) {
    return new BundleFormatException("bundle " + bundleId + "'s model exists only as Tribuo protobuf (" + "model.tribuo.pb"
        + "); reading it needs Tribuo: add org.mlengine:mlengine-core to the class path, or refit and save with this version", cause);
  }
}
