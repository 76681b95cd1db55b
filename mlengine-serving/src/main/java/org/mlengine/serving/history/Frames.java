package org.mlengine.serving.history;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32C;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;

/**
 * The disk history's record format. A frame is {@code [int length][int CRC-32C of the payload]
 * [payload]}, big-endian; the payload is a count and that many entries, each {@code [stream id]
 * [key][time][values]}: ids and counts as unsigned varints, the time as 8 bytes, a number as the
 * 8 bytes of its raw IEEE bits (so NaN payloads survive), a string as a presence byte (values
 * only), its length in chars and its UTF-16 chars (so every Java string survives, unpaired
 * surrogates too). A frame whose length runs past the file or whose checksum differs is torn.
 *
 * <pre>{@code
 * Frames.Sink sink = new Frames.Sink();
 * Frames.write(entries, s -> s.id, sink);
 * List<Stream.Entry> back = Frames.read(payload, streamsById);
 * }</pre>
 */
final class Frames {
  /** The largest payload a frame may have; a longer length field is a torn or foreign frame. */
  static final int MAX_PAYLOAD = 64 << 20;
  static final int HEADER = 8;

  private Frames() {}

  /**
   * A growable byte buffer that frames are written into, with what the store's memory recorded
   * for them: the steps that take that back (in recording order) if the frames never reach the log.
   */
  static final class Sink {
    byte[] bytes = new byte[256];
    int size;
    final List<Runnable> undo = new ArrayList<>();

    void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void put(byte b) {
      ensure(1);
      bytes[size++] = b;
    }

    void putInt(int v) {
      ensure(4);
      for (int i = 3; i >= 0; i--) {
        bytes[size++] = (byte) (v >>> (8 * i));
      }
    }

    void putLong(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        bytes[size++] = (byte) (v >>> (8 * i));
      }
    }

    void putVarint(int v) {
      while ((v & ~0x7F) != 0) {
        put((byte) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      put((byte) v);
    }

    void putString(String s) {
      putVarint(s.length());
      ensure(2 * s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        bytes[size++] = (byte) (c >>> 8);
        bytes[size++] = (byte) c;
      }
    }

    void clear() {
      size = 0;
      undo.clear();
    }

    /** Takes back what the memory recorded for these frames, last first, and forgets them. */
    void takeBack() {
      for (int i = undo.size() - 1; i >= 0; i--) {
        undo.get(i).run();
      }
      clear();
    }
  }

  /** Appends one frame holding these entries. */
  static void write(List<Stream.Entry> entries, ToIntFunction<Stream> ids, Sink sink) {
    int start = sink.size;
    sink.putInt(0);
    sink.putInt(0);
    sink.putVarint(entries.size());
    for (Stream.Entry e : entries) {
      writeEntry(e, ids.applyAsInt(e.stream()), sink);
    }
    int length = sink.size - start - HEADER;
    if (length > MAX_PAYLOAD) {
      sink.size = start;
      throw new IllegalArgumentException("one frame of events would take " + length + " bytes, more than " + MAX_PAYLOAD
          + "; append fewer events at once");
    }
    CRC32C crc = new CRC32C();
    crc.update(sink.bytes, start + HEADER, length);
    int end = sink.size;
    sink.size = start;
    sink.putInt(length);
    sink.putInt((int) crc.getValue());
    sink.size = end;
  }

  /** Writes one entry: the stream id, the key, the time and the values in the stream's column order. */
  static void writeEntry(Stream.Entry e, int id, Sink sink) {
    sink.putVarint(id);
    sink.putString(e.key());
    sink.putLong(e.time());
    writeValues(e.stream(), e.values(), sink);
  }

  static void writeValues(Stream stream, Object[] values, Sink sink) {
    for (int c = 0; c < values.length; c++) {
      if (stream.values.get(c).type() == ColumnType.NUMERIC) {
        sink.putLong(Double.doubleToRawLongBits((Double) values[c]));
      } else if (values[c] == null) {
        sink.put((byte) 0);
      } else {
        sink.put((byte) 1);
        sink.putString((String) values[c]);
      }
    }
  }

  /** Whether the frame at the buffer's position is whole: its length fits and its checksum matches. */
  static boolean whole(ByteBuffer file) {
    if (file.remaining() < HEADER) {
      return false;
    }
    int length = file.getInt(file.position());
    if (length < 1 || length > MAX_PAYLOAD || length > file.remaining() - HEADER) {
      return false;
    }
    CRC32C crc = new CRC32C();
    ByteBuffer payload = file.slice(file.position() + HEADER, length);
    crc.update(payload);
    return (int) crc.getValue() == file.getInt(file.position() + 4);
  }

  /** Reads the whole frame at the buffer's position (checked with {@link #whole}) and moves past it. */
  static List<Stream.Entry> read(ByteBuffer file, IntFunction<Stream> streams) {
    int length = file.getInt();
    file.getInt();
    ByteBuffer payload = file.slice(file.position(), length);
    file.position(file.position() + length);
    try {
      int n = varint(payload);
      List<Stream.Entry> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Stream stream = streams.apply(varint(payload));
        String key = string(payload);
        long time = payload.getLong();
        out.add(new Stream.Entry(stream, key, time, readValues(stream, payload)));
      }
      if (payload.hasRemaining()) {
        throw new IllegalStateException(payload.remaining() + " bytes past its last entry");
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new IllegalStateException("an entry runs past the end of its frame", e);
    }
  }

  static Object[] readValues(Stream stream, ByteBuffer in) {
    Object[] values = new Object[stream.values.size()];
    for (int c = 0; c < values.length; c++) {
      Schema.Field f = stream.values.get(c);
      if (f.type() == ColumnType.NUMERIC) {
        values[c] = Double.longBitsToDouble(in.getLong());
      } else {
        values[c] = in.get() == 0 ? null : string(in);
      }
    }
    return values;
  }

  static int varint(ByteBuffer in) {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      v |= (b & 0x7F) << shift;
      if (b >= 0) {
        if (v < 0) {
          throw new IllegalStateException("a count or id out of range");
        }
        return v;
      }
    }
    throw new IllegalStateException("a count or id longer than 5 bytes");
  }

  static String string(ByteBuffer in) {
    int n = varint(in);
    if (n > in.remaining() / 2) {
      throw new BufferUnderflowException();
    }
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      chars[i] = in.getChar();
    }
    return new String(chars);
  }
}
