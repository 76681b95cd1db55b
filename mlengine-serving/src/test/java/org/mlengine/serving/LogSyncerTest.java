package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSyncerTest {
  @TempDir
  Path dir;

  @Test
  void stop_waitsForTheJobsAskedBefore_inOrder() throws IOException {
    List<IOException> errors = new ArrayList<>();
    LogSyncer syncer = new LogSyncer(dir, "test-sync", errors::add);
    Path file = dir.resolve("a.jsonl");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    syncer.directory();
    channel.write(ByteBuffer.wrap("{}\n".getBytes(StandardCharsets.UTF_8)));
    syncer.sync(channel);
    syncer.close(channel);
    syncer.stop();
    assertFalse(channel.isOpen(), "closed by the syncer before stop() returned");
    assertEquals("{}\n", Files.readString(file));
    assertEquals(List.of(), errors);
    assertFalse(syncer.broke(channel));
  }

  @Test
  void sync_ofAFileTheWriterGaveUp_isNoError() throws IOException {
    List<IOException> errors = new ArrayList<>();
    LogSyncer syncer = new LogSyncer(dir, "test-sync", errors::add);
    FileChannel channel = FileChannel.open(dir.resolve("b.jsonl"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    channel.close();   // as the writer does after a write error, which it reports itself
    syncer.sync(channel);
    syncer.close(channel);
    syncer.stop();
    assertEquals(List.of(), errors);
    assertFalse(syncer.broke(channel));
  }
}
