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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The online store's rows in Redis, shared by every service instance that connects to the same
 * server and namespace. Layout: a hash {@code <namespace>:views} from view name to its layout
 * (version, fingerprint, key, time to live, columns), and one hash per (view, key) named {@code
 * <namespace>:f:<16 hex digits of the view name's SHA-256>:k<key bytes>} (the key's bytes as the
 * Redis history names them) with fields {@code t} (the as-of time, decimal epoch milliseconds) and
 * {@code v} (the values, framed as the disk store frames them, then the row's expiry as the store
 * computes it: see {@link OnlineStore}). A write is one Lua script, atomic on the server, for a
 * batch of keys: a key whose stored {@code t} is later is left alone (stale), else its fields are
 * set and Redis deletes its key {@value #GRACE_MILLIS} ms after the row's expiry (as this
 * process's clock reads it, {@code PEXPIRE}; the margin keeps instances whose clocks differ by
 * less from losing a row another still serves) or never ({@code PERSIST}); a row already expired
 * deletes the key. A read is one {@code HMGET}; a row whose expiry this clock has reached reads as
 * absent.
 *
 * <pre>{@code
 * RedisFeatures redis = RedisFeatures.connect("redis://127.0.0.1:6379", "shop");
 * }</pre>
 */
final class RedisFeatures implements FeatureBackend {
  private static final int ROWS_PER_SCRIPT = 512;
  /** How long after a row's expiry Redis deletes its key: reads judge expiry by the store's clock, and clocks differ. */
  static final long GRACE_MILLIS = 5_000;
  private static final byte[] T = {'t'};
  private static final byte[] V = {'v'};
  private static final String DECLARE = String.join("\n",
      "local held = redis.call('HGET', KEYS[1], ARGV[1])",
      "if held then return held end",
      "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])",
      "return ARGV[2]");
  private static final String WRITE = String.join("\n",
      "local out = {}",
      "for i = 1, #KEYS do",
      "  local t = tonumber(ARGV[3 * i - 2])",
      "  local life = tonumber(ARGV[3 * i])",
      "  local held = redis.call('HGET', KEYS[i], 't')",
      "  if held and tonumber(held) > t then out[i] = 0",
      "  elseif life == 0 then redis.call('DEL', KEYS[i]) out[i] = 2",
      "  else",
      "    redis.call('HSET', KEYS[i], 't', ARGV[3 * i - 2], 'v', ARGV[3 * i - 1])",
      "    if life > 0 then redis.call('PEXPIRE', KEYS[i], life) else redis.call('PERSIST', KEYS[i]) end",
      "    out[i] = 1",
      "  end",
      "end",
      "return out");

  private final String uri;
  private final String namespace;
  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisCommands<byte[], byte[]> redis;
  private final Map<String, ViewSlot> declared = new ConcurrentHashMap<>();
  private final Map<Integer, byte[]> prefixes = new ConcurrentHashMap<>();
  private final List<ViewSlot> order = new ArrayList<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private volatile String declareSha;
  private volatile String writeSha;

  private RedisFeatures(String uri, String namespace, RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
    this.uri = uri;
    this.namespace = namespace;
    this.client = client;
    this.connection = connection;
    this.redis = connection.sync();
  }

  /** Connects to the server at {@code uri} and keeps the rows under {@code namespace}; an IOException naming the server. */
  static RedisFeatures connect(String uri, String namespace) throws IOException {
    RedisClient client = RedisClient.create(uri);
    try {
      RedisFeatures r = new RedisFeatures(uri, namespace, client, client.connect(ByteArrayCodec.INSTANCE));
      r.loadScripts();
      return r;
    } catch (RedisException e) {
      client.shutdown();
      throw new IOException("could not connect to Redis at " + uri + ": " + e.getMessage() + "; check that the server runs"
          + " and that the URI (redis://host:port/db) names it", e);
    }
  }

  private void loadScripts() {
    declareSha = redis.scriptLoad(DECLARE);
    writeSha = redis.scriptLoad(WRITE);
  }

  @Override
  public synchronized int declare(ViewSlot view) {
    ViewSlot known = declared.get(view.name());
    if (known == null) {
      byte[] held = run(true, ScriptOutputType.VALUE, "declare a view",
          new byte[][] {bytes(namespace + ":views")}, new byte[][] {bytes(view.name()), bytes(view.descriptor())});
      known = ViewSlot.parse(view.name(), new String(held, StandardCharsets.UTF_8));
      if (known.sameAs(view)) {
        remember(known);
      }
    }
    if (!known.sameAs(view)) {
      throw FeatureBackend.conflict(where(), known, view);
    }
    return order.indexOf(known);
  }

  /** The views declared through this client first, then those other clients declared in the namespace, by name. */
  @Override
  public synchronized List<ViewSlot> views() {
    Map<byte[], byte[]> all;
    try {
      all = redis.hgetall(bytes(namespace + ":views"));
    } catch (RedisException e) {
      throw new IllegalStateException("Redis at " + uri + " failed to list the views of namespace " + namespace + ": "
          + e.getMessage(), e);
    }
    java.util.TreeMap<String, String> byName = new java.util.TreeMap<>();
    all.forEach((k, v) -> byName.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
    byName.forEach((name, descriptor) -> {
      if (!declared.containsKey(name)) {
        remember(ViewSlot.parse(name, descriptor));
      }
    });
    return List.copyOf(order);
  }

  private void remember(ViewSlot view) {
    declared.put(view.name(), view);
    prefixes.put(order.size(), bytes(namespace + ":f:" + Hashes.hex16(view.name()) + ":k"));
    order.add(view);
  }

  @Override
  public LatestEntries.Outcome[] write(ViewSlot view, List<Stream.Entry> rows, long now) {
    LatestEntries.Outcome[] out = new LatestEntries.Outcome[rows.size()];
    Frames.Sink values = new Frames.Sink();
    for (int from = 0; from < rows.size(); from += ROWS_PER_SCRIPT) {
      List<Stream.Entry> batch = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_SCRIPT));
      byte[][] keys = new byte[batch.size()][];
      byte[][] args = new byte[3 * batch.size()][];
      for (int i = 0; i < batch.size(); i++) {
        Stream.Entry e = batch.get(i);
        keys[i] = key(e.stream().id, e.key());
        args[3 * i] = bytes(Long.toString(e.time()));
        values.clear();
        Frames.writeValues(e.stream(), e.values(), values);
        args[3 * i + 1] = Arrays.copyOf(values.bytes, values.size);
        long expiresAt = ViewSlot.expiresAtOf(e);
        long life = expiresAt == Long.MAX_VALUE ? -1 : expiresAt <= now ? 0 : Math.min(Long.MAX_VALUE - GRACE_MILLIS, expiresAt - now) + GRACE_MILLIS;
        args[3 * i + 2] = bytes(Long.toString(life));
      }
      List<Long> answers = run(false, ScriptOutputType.MULTI, "write rows", keys, args);
      for (int i = 0; i < batch.size(); i++) {
        long a = answers.get(i);
        LatestEntries.Outcome o = a == 1 ? LatestEntries.Outcome.WRITTEN : a == 0 ? LatestEntries.Outcome.STALE
            : LatestEntries.Outcome.EXPIRED;
        out[from + i] = o;
        if (view.name().startsWith("$")) {
          continue;   // the store's own records are not the user's rows
        }
        (o == LatestEntries.Outcome.WRITTEN ? written : o == LatestEntries.Outcome.STALE ? stale : expired).incrementAndGet();
      }
    }
    return out;
  }

  @Override
  public Stream.Entry read(ViewSlot view, int id, String key, long now) {
    List<io.lettuce.core.KeyValue<byte[], byte[]>> fields;
    try {
      fields = redis.hmget(key(id, key), T, V);
    } catch (RedisException e) {
      throw new IllegalStateException("Redis at " + uri + " failed to answer a lookup of view '" + view.name() + "': "
          + e.getMessage(), e);
    }
    if (!fields.get(0).hasValue() || !fields.get(1).hasValue()) {
      return null;
    }
    long asOf = Long.parseLong(new String(fields.get(0).getValue(), StandardCharsets.US_ASCII));
    Stream stream = view.stream(id);
    Stream.Entry e = new Stream.Entry(stream, key, asOf, Frames.readValues(stream, ByteBuffer.wrap(fields.get(1).getValue())));
    if (ViewSlot.expired(e, now)) {
      expired.incrementAndGet();
      return null;
    }
    return e;
  }

  @Override
  public int purgeExpired(long now) {
    return 0;
  }

  @Override
  public OnlineStore.Stats stats() {
    return new OnlineStore.Stats(written.get(), stale.get(), expired.get());
  }

  @Override
  public String where() {
    return "Redis at " + uri + ", namespace " + namespace;
  }

  private byte[] key(int id, String key) {
    byte[] prefix = prefixes.get(id);
    byte[] k = Hashes.keyBytes(key);
    byte[] out = Arrays.copyOf(prefix, prefix.length + k.length);
    System.arraycopy(k, 0, out, prefix.length, k.length);
    return out;
  }

  @SuppressWarnings("unchecked")
  private <R> R run(boolean declaring, ScriptOutputType type, String what, byte[][] keys, byte[][] args) {
    try {
      try {
        return (R) redis.evalsha(declaring ? declareSha : writeSha, type, keys, args);
      } catch (RedisNoScriptException e) {
        loadScripts();   // the server restarted or its scripts were flushed
        return (R) redis.evalsha(declaring ? declareSha : writeSha, type, keys, args);
      }
    } catch (RedisException e) {
      throw new IllegalStateException("Redis at " + uri + " failed to " + what + ": " + e.getMessage()
          + "; nothing was acknowledged, try again", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
