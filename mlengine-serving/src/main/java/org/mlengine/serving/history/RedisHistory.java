package org.mlengine.serving.history;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Table;

/**
 * A {@link History} kept in Redis, shared by every service instance that connects to the same
 * server and namespace: each appends the events it sees, and each reads every instance's events.
 * It answers every query exactly as {@link History#inMemory} would for the same appends in the
 * same order, bit for bit. Needs {@code io.lettuce:lettuce-core} on the class path (an optional
 * dependency of mlengine-serving).
 *
 * <pre>{@code
 * try (RedisHistory history = RedisHistory.connect("redis://127.0.0.1:6379", "chicago",
 *     Retention.of(Duration.ofDays(120), 0), predictor.eventSources())) {
 *   Predictor live = predictor.withHistory(history);
 *   history.append(History.ROWS, Map.of("Date", Instant.parse("2016-08-27T00:00:00Z"), "ridership", 8.3));
 * }
 * }</pre>
 *
 * <p>Layout: one sorted set per stream (a source read by one key column) and key value, named
 * {@code <namespace>:<stream>:<key>}, where {@code <stream>} is 16 hex digits of the SHA-256 of
 * the stream's source, key, time and value columns (so two model versions that read a source
 * alike share its events, and one that reads other columns keeps its own) and {@code <key>} is
 * {@code k} and the key's UTF-8 bytes (or 0xFF and hex digits for a key with an unpaired
 * surrogate, which UTF-8 cannot carry). Every member has score 0, so the set is ordered by its
 * bytes: the event time as 8 big-endian bytes with the sign bit flipped (so byte order is time
 * order, exactly, over every {@code long}; a double score is exact only to 2^53), a sequence number
 * from {@code <namespace>:seq} as 8 bytes (equal times keep the order of appends, across
 * instances), then the values as the disk history writes them. Each append is one Lua script,
 * atomic on the server: it numbers the event, adds it to each of its source's sets and trims each
 * set by the retention as the in-memory history does after every append. A lookup is one script
 * ({@code ZRANGEBYLEX}, or {@code ZREVRANGEBYLEX ... LIMIT} for the latest events).
 *
 * <p>Thread-safe: one connection, which Lettuce shares between threads and pipelines. Every
 * instance should open the namespace with the same retention; each trims with its own.
 */
public final class RedisHistory implements History, AutoCloseable {
  private static final int EVENTS_PER_SCRIPT = 256;
  private static final String APPEND = String.join("\n",
      "local n = (#ARGV - 2) / 2",
      "local first = redis.call('INCRBY', KEYS[1], n) - n",
      "local function be8(x) local t = {} for i = 8, 1, -1 do t[i] = string.char(x % 256) x = math.floor(x / 256) end return table.concat(t) end",
      "local function sub8(a, b) local t = {} local borrow = 0",
      "  for i = 8, 1, -1 do local d = string.byte(a, i) - string.byte(b, i) - borrow",
      "    if d < 0 then d = d + 256 borrow = 1 else borrow = 0 end t[i] = string.char(d) end",
      "  if borrow == 1 then return nil end return table.concat(t) end",
      "local latest = tonumber(ARGV[2])",
      "for i = 1, n do",
      "  local key = KEYS[i + 1]",
      "  local time = ARGV[2 * i + 1]",
      "  redis.call('ZADD', key, 0, time .. be8(first + i) .. ARGV[2 * i + 2])",
      "  if ARGV[1] ~= '' then",
      "    local keep = sub8(string.sub(redis.call('ZRANGE', key, -1, -1)[1], 1, 8), ARGV[1])",
      "    if keep then",
      "      local drop = math.min(redis.call('ZCARD', key) - latest, redis.call('ZLEXCOUNT', key, '-', '(' .. keep))",
      "      if drop > 0 then redis.call('ZREMRANGEBYRANK', key, 0, drop - 1) end",
      "    end",
      "  end",
      "end",
      "return n");
  private static final String READ = String.join("\n",
      "local last = tonumber(ARGV[3])",
      "if last == 0 then return redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2]) end",
      "return redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[2], ARGV[1], 'LIMIT', 0, last)");

  private final String uri;
  private final Streams streams;
  private final byte[] namespace;
  private final byte[] maxAge;
  private final byte[] latest;
  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisCommands<byte[], byte[]> redis;
  private final List<byte[]> streamPrefixes = new ArrayList<>();
  private volatile String appendSha;
  private volatile String readSha;

  private RedisHistory(String uri, String namespace, Streams streams, RedisClient client,
      StatefulRedisConnection<byte[], byte[]> connection) {
    this.uri = uri;
    this.streams = streams;
    this.namespace = namespace.getBytes(StandardCharsets.UTF_8);
    this.client = client;
    this.connection = connection;
    this.redis = connection.sync();
    long age = streams.retention.maxAge().map(a -> KeyLog.saturatedMinus(0, a)).orElse(Long.MIN_VALUE);
    // no age limit, or one too long for a long of milliseconds (which keeps everything, as in memory)
    this.maxAge = age == Long.MIN_VALUE ? new byte[0] : ByteBuffer.allocate(8).putLong(-age).array();
    this.latest = Integer.toString(streams.retention.latestPerKey()).getBytes(StandardCharsets.US_ASCII);
    for (Stream s : streams.all) {
      streamPrefixes.add((namespace + ":" + Hashes.hex16(s.descriptor()) + ":k").getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Connects to the Redis server at {@code uri} ({@code redis://host:port/db}, with Lettuce's
   * options such as {@code ?timeout=2s}) and keeps these sources' events under {@code namespace}.
   *
   * @throws IOException when the server cannot be reached, naming it
   * @throws IllegalArgumentException when the retention would drop events a source is read with
   *     (as {@link History#inMemory} says), or the namespace is blank
   */
  public static RedisHistory connect(String uri, String namespace, Retention retention, Collection<EventSource> sources)
      throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isBlank()) {
      throw new IllegalArgumentException("the namespace is blank; give the prefix of this history's Redis keys, e.g. \"chicago\"");
    }
    Streams streams = new Streams(retention, sources);
    RedisClient client = RedisClient.create(uri);
    try {
      RedisHistory h = new RedisHistory(uri, namespace, streams, client, client.connect(ByteArrayCodec.INSTANCE));
      h.loadScripts();
      return h;
    } catch (RedisException e) {
      client.shutdown();
      throw new IOException("could not connect to Redis at " + uri + ": " + e.getMessage() + "; check that the server runs"
          + " and that the URI (redis://host:port/db) names it", e);
    }
  }

  private void loadScripts() {
    appendSha = redis.scriptLoad(APPEND);
    readSha = redis.scriptLoad(READ);
  }

  @Override
  public void append(String source, Row event) {
    send(streams.read(source, event));
  }

  /** Checks every row first and records none when one is refused, naming its row; then sends them in batches, in order. */
  @Override
  public void appendAll(String source, Table events) {
    List<Stream.Entry> entries = streams.readAll(source, events);
    int perScript = EVENTS_PER_SCRIPT * streams.of(source).size();
    for (int from = 0; from < entries.size(); from += perScript) {
      send(entries.subList(from, Math.min(entries.size(), from + perScript)));
    }
  }

  private void send(List<Stream.Entry> entries) {
    byte[][] keys = new byte[entries.size() + 1][];
    byte[][] args = new byte[2 * entries.size() + 2][];
    keys[0] = concat(namespace, ":seq".getBytes(StandardCharsets.US_ASCII));
    args[0] = maxAge;
    args[1] = latest;
    Frames.Sink values = new Frames.Sink();
    for (int i = 0; i < entries.size(); i++) {
      Stream.Entry e = entries.get(i);
      keys[i + 1] = redisKey(e.stream(), e.key());
      args[2 * i + 2] = sortable(e.time());
      values.clear();
      Frames.writeValues(e.stream(), e.values(), values);
      args[2 * i + 3] = java.util.Arrays.copyOf(values.bytes, values.size);
    }
    run(true, keys, args);
  }

  @Override
  public Table events(EventQuery query) {
    Stream stream = streams.find(query);
    if (stream.key.isPresent() && query.key().isEmpty()) {
      return EventTables.of(stream, query, KeyLog.Slice.empty(stream.values.size()));
    }
    byte[] from = query.from() == Long.MIN_VALUE ? new byte[] {'-'} : concat(new byte[] {'['}, sortable(query.from()));
    byte[] until = concat(new byte[] {'('}, sortable(query.until()));
    byte[] last = Integer.toString(query.last()).getBytes(StandardCharsets.US_ASCII);
    List<byte[]> members = run(false, new byte[][] {redisKey(stream, query.key().orElse(""))}, new byte[][] {from, until, last});
    int n = members.size();
    long[] times = new long[n];
    Object[][] columns = new Object[stream.values.size()][n];
    for (int i = 0; i < n; i++) {
      int at = query.last() == 0 ? i : n - 1 - i;   // the latest events come newest first
      ByteBuffer m = ByteBuffer.wrap(members.get(i));
      times[at] = m.getLong() ^ Long.MIN_VALUE;
      m.getLong();
      Object[] values = Frames.readValues(stream, m);
      for (int c = 0; c < values.length; c++) {
        columns[c][at] = values[c];
      }
    }
    return EventTables.of(stream, query, new KeyLog.Slice(times, columns));
  }

  @SuppressWarnings("unchecked")
  private <T> T run(boolean append, byte[][] keys, byte[][] args) {
    ScriptOutputType type = append ? ScriptOutputType.INTEGER : ScriptOutputType.MULTI;
    try {
      try {
        return (T) redis.evalsha(append ? appendSha : readSha, type, keys, args);
      } catch (RedisNoScriptException e) {
        loadScripts();   // the server restarted or its scripts were flushed
        return (T) redis.evalsha(append ? appendSha : readSha, type, keys, args);
      }
    } catch (RedisException e) {
      throw new IllegalStateException("Redis at " + uri + " failed to " + (append ? "record events" : "answer a lookup") + ": "
          + e.getMessage() + (append ? "; the events were not acknowledged, append them again" : ""), e);
    }
  }

  private byte[] redisKey(Stream stream, String key) {
    return concat(streamPrefixes.get(stream.id), Hashes.keyBytes(key));
  }

  /** The time as 8 big-endian bytes with the sign bit flipped: unsigned byte order is time order. */
  static byte[] sortable(long time) {
    return ByteBuffer.allocate(8).putLong(time ^ Long.MIN_VALUE).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Closes the connection and the client's threads. */
  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }

  @Override
  public String toString() {
    return "RedisHistory(" + uri + ", " + new String(namespace, StandardCharsets.UTF_8) + ", " + streams.all.size() + " streams)";
  }
}
