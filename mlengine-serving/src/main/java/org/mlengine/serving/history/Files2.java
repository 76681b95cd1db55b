package org.mlengine.serving.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file steps the disk history relies on for atomicity: a file written whole under a
 * temporary name, forced, then renamed into place, and the directory forced so the rename
 * itself survives a crash.
 *
 * <pre>{@code
 * Files2.writeAtomically(dir, "MANIFEST", bytes);
 * Files2.forceDirectory(dir);
 * }</pre>
 */
final class Files2 {
  static final String TMP = ".tmp";

  private Files2() {}

  static void writeAtomically(Path dir, String name, byte[] bytes) throws IOException {
    Path tmp = dir.resolve(name + TMP);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    rename(tmp, dir.resolve(name));
  }

  /** Renames atomically over any file of that name, then forces the directory. */
  static void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + to.getParent() + " cannot rename " + from.getFileName() + " atomically,"
          + " which the history needs to survive a crash; give it a directory on a local file system", e);
    }
    forceDirectory(to.getParent());
  }

  /** Forces a directory's entries (new, renamed and deleted files) to the disk, where the platform allows it. */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
        throw e;
      }
      // Windows cannot open a directory as a file; its renames are durable by themselves.
    }
  }
}
