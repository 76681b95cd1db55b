package org.mlengine.runtime;

/**
 * A bundle file that cannot be read: not a bundle, a checksum that does not match, an entry
 * over a size cap, a format version newer than this library reads. Nothing of the file has
 * been used when this is thrown.
 *
 * <pre>{@code
 * try {
 *   ModelBundle bundle = ModelBundle.load(path);
 * } catch (BundleFormatException e) {
 *   System.err.println("refusing " + path + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class BundleFormatException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says what was wrong and what to do. */
  public BundleFormatException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public BundleFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
