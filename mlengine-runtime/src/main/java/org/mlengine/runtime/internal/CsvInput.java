package org.mlengine.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.mlengine.runtime.CsvFormatException;

/**
 * The text that {@link CsvReader} parses: decodes a file's bytes itself (so that a byte that is
 * not valid in the charset is reported at its own line, column and byte offset rather than
 * where the parser happens to be), drops a leading byte-order mark before the parser sees it,
 * and refuses NUL characters.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(path)) {
 *   Reader text = CsvInput.decoding(in, StandardCharsets.UTF_8, path.toString());
 * }
 * }</pre>
 *
 * <p>Lines end at LF, CRLF or a lone CR, as the parser counts them. A problem found in a block of
 * text is held back until every character before it has been handed out, so the parser reports
 * any earlier problem first and problems come out in file order.
 */
final class CsvInput extends Reader {
  private static final char BOM = '\uFEFF';
  private static final int BYTES = 1 << 16;

  private final String source;
  private final Reader reader;
  private final InputStream in;
  private final CharsetDecoder decoder;
  private final ByteBuffer bytes;
  /** The offset in the file of {@code bytes.array()[0]}. */
  private long base;
  private boolean eof;
  private boolean started;
  private int line = 1;
  private int column = 1;
  private boolean afterCr;
  /** Malformed bytes found by the decoder: their offset in the file and their count. */
  private long badOffset = -1;
  private int badLength;
  private CsvFormatException pending;
  /** The decoder has been flushed: every later read is the end of the text. */
  private boolean finished;
  /**
   * Characters decoded for a caller who asked for fewer than two: a character outside the Basic
   * Multilingual Plane is two chars, which a one-char buffer cannot take at once.
   */
  private final char[] spare = new char[2];
  private int spareStart;
  private int spareEnd;

  private CsvInput(String source, Reader reader, InputStream in, Charset charset) {
    this.source = source;
    this.reader = reader;
    this.in = in;
    this.decoder =
        charset == null
            ? null
            : charset
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.bytes = charset == null ? null : ByteBuffer.allocate(BYTES).flip();
  }

  /** Text decoded from these bytes; never closes {@code in}. */
  static CsvInput decoding(InputStream in, Charset charset, String source) {
    return new CsvInput(source, null, in, charset);
  }

  /**
   * Text decoded from bytes that start inside a file, after a line end: a byte-order mark there
   * is a character like any other. Never closes {@code in}.
   */
  static CsvInput decodingFromLine(InputStream in, Charset charset, String source) {
    CsvInput input = new CsvInput(source, null, in, charset);
    input.started = true;
    return input;
  }

  /** The text of a caller's reader, already decoded; never closes it. */
  static CsvInput reading(Reader reader, String source) {
    return new CsvInput(source, reader, null, null);
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (spareStart < spareEnd) {
      int n = Math.min(len, spareEnd - spareStart);
      System.arraycopy(spare, spareStart, cbuf, off, n);
      spareStart += n;
      return n;
    }
    if (len < spare.length) {
      int n = read(spare, 0, spare.length);
      if (n <= 0) {
        return n;
      }
      spareStart = 0;
      spareEnd = n;
      return read(cbuf, off, len);
    }
    while (true) {
      if (pending != null) {
        throw pending;
      }
      int n = fill(cbuf, off, len);
      if (n > 0 && !started) {
        started = true;
        if (cbuf[off] == BOM) {
          System.arraycopy(cbuf, off + 1, cbuf, off, n - 1);
          n--;
        }
      }
      if (n > 0) {
        n = scan(cbuf, off, n);
      }
      if (badOffset >= 0 && pending == null) {
        pending = undecodable();
      }
      if (n > 0 || (n < 0 && pending == null)) {
        return n;
      }
    }
  }

  /** Counts the lines of the characters handed out; cuts them short at a NUL. */
  private int scan(char[] cbuf, int off, int n) {
    for (int i = off; i < off + n; i++) {
      char c = cbuf[i];
      if (c == '\n') {
        if (!afterCr) {
          line++;
        }
        column = 1;
        afterCr = false;
      } else if (c == '\r') {
        line++;
        column = 1;
        afterCr = true;
      } else if (c == 0) {
        pending = nul();
        return i - off;
      } else {
        column++;
        afterCr = false;
      }
    }
    return n;
  }

  /** Up to {@code len} characters, or -1 at the end; 0 when stopped by bad bytes. */
  private int fill(char[] cbuf, int off, int len) throws IOException {
    if (decoder == null) {
      try {
        return reader.read(cbuf, off, len);
      } catch (CharacterCodingException e) {
        throw new CsvFormatException(
            source + " line " + line + ": cannot decode the text at or after this line (" + e
                + "). Re-save the file as UTF-8, or open the Reader with the file's charset.",
            line,
            null,
            e);
      }
    }
    if (badOffset >= 0) {
      return 0;
    }
    if (finished) {
      return -1;
    }
    CharBuffer out = CharBuffer.wrap(cbuf, off, len);
    while (true) {
      CoderResult result = decoder.decode(bytes, out, eof);
      if (result.isError()) {
        badOffset = base + bytes.position();
        badLength = result.length();
        break;
      }
      if (result.isOverflow() || out.position() > off) {
        break;
      }
      if (eof) {
        decoder.flush(out);
        finished = true;
        return out.position() > off ? out.position() - off : -1;
      }
      refill();
    }
    return out.position() - off;
  }

  private void refill() throws IOException {
    base += bytes.position();
    bytes.compact();
    int k = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (k < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + k);
    }
    bytes.flip();
  }

  private CsvFormatException undecodable() {
    StringBuilder shown = new StringBuilder();
    int at = (int) (badOffset - base);
    for (int i = 0; i < badLength && at + i < bytes.limit(); i++) {
      shown.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes.get(at + i) & 0xFF));
    }
    String charset = decoder.charset().name();
    String hint =
        badOffset == 0 && startsWithUtf16Bom(at)
            ? " The file starts with a UTF-16 byte-order mark: read it with"
                + " CsvOptions.defaults().charset(StandardCharsets.UTF_16), or re-save it as UTF-8."
            : charset.equals("UTF-8")
                ? " Re-save the file as UTF-8, or read it with its own charset, such as"
                    + " CsvOptions.defaults().charset(Charset.forName(\"windows-1252\")) for a file saved by"
                    + " Excel on Windows."
                : " Pass the file's own charset to CsvOptions.charset(...), or re-save the file in " + charset + ".";
    return new CsvFormatException(
        source + " line " + line + ", column " + column + " (byte offset " + badOffset + "): "
            + (badLength == 1 ? "the byte " : "the bytes ") + shown + (badLength == 1 ? " is" : " are")
            + " not valid " + charset + "; the file is read as " + charset + "." + hint,
        line,
        null);
  }

  private boolean startsWithUtf16Bom(int at) {
    if (!decoder.charset().equals(StandardCharsets.UTF_8) || at + 1 >= bytes.limit()) {
      return false;
    }
    int b0 = bytes.get(at) & 0xFF;
    int b1 = bytes.get(at + 1) & 0xFF;
    return (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF);
  }

  private CsvFormatException nul() {
    return new CsvFormatException(
        source + " line " + line + ", column " + column + ": a NUL character (code 0), which CSV text"
            + " never holds; the file is probably UTF-16 or not text at all. Re-save it as UTF-8 text,"
            + " or read a UTF-16 file with CsvOptions.defaults().charset(StandardCharsets.UTF_16).",
        line,
        null);
  }

  /** Leaves the caller's stream or reader open. */
  @Override
  public void close() {}
}
