package org.mlengine.runtime;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.BundleLimits;
import org.mlengine.runtime.ModelBundle;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a bundle's zip entries into memory within {@link BundleLimits}: only known entry names,
 * no duplicates, and size, total and compression-ratio caps enforced while inflating, so a
 * zip bomb is stopped after at most the caps' worth of bytes. Never writes a file.
 */
final class BundleArchive {
  private BundleArchive() {}

  static Map<String, byte[]> read(InputStream raw, String source, Set<String> allowed, BundleLimits limits) throws BundleFormatException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    CountingInputStream counted = new CountingInputStream(raw);
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(counted)) {
      ZipEntry entry;
      byte[] buffer = new byte[8192];
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName();
        checkName(name, source, allowed);
        if (entries.containsKey(name)) {
          throw new BundleFormatException(source + " holds entry '" + name + "' twice; the file was altered");
        }
        if (entries.size() == limits.maxEntries()) {
          throw new BundleFormatException(source + " holds more than " + limits.maxEntries() + " entries; the file was altered");
        }
        long cap = name.equals(ModelBundle.MANIFEST_ENTRY) ? Math.min(limits.maxManifestBytes(), limits.maxEntryBytes()) : limits.maxEntryBytes();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int read;
        while ((read = zip.read(buffer)) > 0) {
          bytes.write(buffer, 0, read);
          total += read;
          if (bytes.size() > cap) {
            throw new BundleFormatException(source + " entry '" + name + "' is larger than the cap of " + cap
                + " bytes; the file is not a bundle this library wrote. Check where it came from.");
          }
          if (total > limits.maxTotalBytes()) {
            throw new BundleFormatException(source + " inflates to more than the cap of " + limits.maxTotalBytes()
                + " bytes in all; the file is not a bundle this library wrote");
          }
          if (total > BundleLimits.RATIO_GRACE_BYTES && total > (long) limits.maxCompressionRatio() * Math.max(1, counted.count)) {
            throw new BundleFormatException(source + " inflates more than " + limits.maxCompressionRatio()
                + " times its compressed size (a zip bomb?); refused after " + total + " bytes");
          }
        }
        entries.put(name, bytes.toByteArray());
      }
    } catch (BundleFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BundleFormatException(source + " is not a readable zip file: " + e.getMessage(), e);
    }
    if (entries.isEmpty()) {
      throw new BundleFormatException(source + " is empty or not a zip file; an mlengine bundle is a zip with " + ModelBundle.ENTRIES);
    }
    return entries;
  }

  private static void checkName(String name, String source, Set<String> allowed) throws BundleFormatException {
    if (allowed.contains(name)) {
      return;
    }
    boolean unsafe = name.contains("..") || name.startsWith("/") || name.contains("\\") || name.contains(":") || name.indexOf('\0') >= 0;
    throw new BundleFormatException(source + " holds entry '" + name + "'"
        + (unsafe ? ", an unsafe path (traversal or absolute); it is refused" : "")
        + "; a format-" + ModelBundle.FORMAT_VERSION + " bundle holds only " + allowed
        + ". The file was altered or is not an mlengine bundle.");
  }

  /** Counts the compressed bytes the zip reader consumes. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += Math.max(0, skipped);
      return skipped;
    }
  }
}
