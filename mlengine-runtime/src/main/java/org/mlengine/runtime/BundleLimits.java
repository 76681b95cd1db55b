package org.mlengine.runtime;

import static org.mlengine.runtime.internal.Checks.checkArgument;

/**
 * The caps a bundle must stay within to be read; anything over a cap is refused before it can
 * exhaust memory. Immutable; each method returns a changed copy, and a copy may only tighten a
 * cap the defaults allow.
 *
 * <pre>{@code
 * BundleLimits strict = BundleLimits.defaults().maxTotalBytes(16 << 20);
 * ModelBundle bundle = ModelBundle.load(path, TrustPolicy.checksumsOnly(), strict);
 * }</pre>
 *
 * <p>Defaults: 8 entries, 256 MiB per entry, 512 MiB in all, a compression ratio of at most
 * 100:1 (once more than 1 MiB has been inflated), a 16 MiB manifest and JSON nested at most
 * 64 levels deep.
 *
 * @param maxEntries the most zip entries
 * @param maxEntryBytes the most uncompressed bytes of one entry
 * @param maxTotalBytes the most uncompressed bytes of all entries together
 * @param maxCompressionRatio the most uncompressed bytes per compressed byte
 * @param maxManifestBytes the most bytes of {@code manifest.json}
 * @param maxJsonDepth the deepest JSON nesting of any entry
 */
public record BundleLimits(
    int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxCompressionRatio, long maxManifestBytes, int maxJsonDepth) {

  private static final BundleLimits DEFAULTS = new BundleLimits(8, 256L << 20, 512L << 20, 100, 16L << 20, 64);

  /** Bytes inflated before the compression ratio is checked, so tiny entries are not refused. */
  public static final long RATIO_GRACE_BYTES = 1L << 20;

  /** Checks that every cap is positive and none exceeds the defaults. */
  public BundleLimits {
    checkArgument(maxEntries >= 4 && maxEntries <= 8, "maxEntries %s must be in [4, 8]: a bundle has 4 or 5 entries", maxEntries);
    checkArgument(maxEntryBytes > 0 && maxEntryBytes <= (256L << 20), "maxEntryBytes %s must be in (0, 256 MiB]", maxEntryBytes);
    checkArgument(maxTotalBytes > 0 && maxTotalBytes <= (512L << 20), "maxTotalBytes %s must be in (0, 512 MiB]", maxTotalBytes);
    checkArgument(maxCompressionRatio >= 1 && maxCompressionRatio <= 100, "maxCompressionRatio %s must be in [1, 100]", maxCompressionRatio);
    checkArgument(maxManifestBytes > 0 && maxManifestBytes <= (16L << 20), "maxManifestBytes %s must be in (0, 16 MiB]", maxManifestBytes);
    checkArgument(maxJsonDepth >= 8 && maxJsonDepth <= 64, "maxJsonDepth %s must be in [8, 64]", maxJsonDepth);
  }

  /** The documented defaults. */
  public static BundleLimits defaults() {
    return DEFAULTS;
  }

  /** A copy with a lower cap on uncompressed bytes per entry. */
  public BundleLimits maxEntryBytes(long bytes) {
    return new BundleLimits(maxEntries, bytes, maxTotalBytes, maxCompressionRatio, maxManifestBytes, maxJsonDepth);
  }

  /** A copy with a lower cap on uncompressed bytes in all. */
  public BundleLimits maxTotalBytes(long bytes) {
    return new BundleLimits(maxEntries, maxEntryBytes, bytes, maxCompressionRatio, maxManifestBytes, maxJsonDepth);
  }

  /** A copy with a lower cap on the compression ratio. */
  public BundleLimits maxCompressionRatio(int ratio) {
    return new BundleLimits(maxEntries, maxEntryBytes, maxTotalBytes, ratio, maxManifestBytes, maxJsonDepth);
  }

  /** A copy with a lower cap on the manifest's size. */
  public BundleLimits maxManifestBytes(long bytes) {
    return new BundleLimits(maxEntries, maxEntryBytes, maxTotalBytes, maxCompressionRatio, bytes, maxJsonDepth);
  }

  /** A copy with a lower cap on JSON nesting. */
  public BundleLimits maxJsonDepth(int depth) {
    return new BundleLimits(maxEntries, maxEntryBytes, maxTotalBytes, maxCompressionRatio, maxManifestBytes, depth);
  }
}
