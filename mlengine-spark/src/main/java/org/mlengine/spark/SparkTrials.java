package org.mlengine.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.mlengine.core.Pipeline;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.tuning.TrialExecutor;
import org.mlengine.core.tuning.TrialFit;
import org.mlengine.core.tuning.Tuner;
import org.mlengine.core.tuning.TuningResult;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;

/**
 * A tuner's trials as Spark tasks: each round's fits (one fold of one candidate each) become one
 * job of one task per fit. The table is broadcast once, on the first round, as {@link TableBytes},
 * and read once per executor JVM; the pipeline function travels in the job's closure, which Spark
 * sends once per job and deserializes itself. Each task answers with its fit's held-out outcomes
 * (or what it threw) as plain typed bytes, and the tuner scores and ranks them on the driver as it
 * does locally. No mlengine code reads Java-serialized bytes, and Spark's own serializer setting
 * (Kryo or Java) does not matter: the broadcast and the answers are byte arrays.
 */
final class SparkTrials implements TrialExecutor, AutoCloseable {
  private final JavaSparkContext spark;
  private Function<Tuner.Params, Pipeline> shippedFunction;
  private Table shippedTable;
  private Broadcast<byte[]> table;

  SparkTrials(JavaSparkContext spark) {
    this.spark = spark;
  }

  /** {@link MlengineSpark#tune}: checks the arguments, then the tuner's fit with this executor, the broadcast let go after. */
  static TuningResult tune(SparkSession spark, Tuner tuner, MlengineSpark.PipelineFunction pipelineOf, Table table) {
    Objects.requireNonNull(spark, "the Spark session is null; give the application's, e.g. SparkSession.active()");
    Objects.requireNonNull(tuner, "the tuner is null; give one, e.g. Tuner.grid().param(\"depth\", 2, 4).metric(Metrics.rocAuc())");
    Objects.requireNonNull(pipelineOf, "give a function from the parameters to a pipeline, e.g. p -> Pipeline.builder()...build()");
    Objects.requireNonNull(table, "the table is null; give the rows to tune on");
    checkSendable(pipelineOf);   // here, before any job, rather than as Spark's "Task not serializable"
    try (SparkTrials trials = new SparkTrials(JavaSparkContext.fromSparkContext(spark.sparkContext()))) {
      return tuner.fit(pipelineOf, table, trials);
    }
  }

  @Override
  public List<TrialFit.Result> run(List<TrialFit> fits, Function<Tuner.Params, Pipeline> pipelineOf, Table rows) {
    if (table == null) {
      checkSendable(pipelineOf);
      table = spark.broadcast(TableBytes.write(rows));
      shippedFunction = pipelineOf;
      shippedTable = rows;
    } else if (pipelineOf != shippedFunction || rows != shippedTable) {
      throw new IllegalStateException("a later round came with another function or table than the first; the tuner gives the same"
          + " ones every round. This is a bug in the tuner or in whoever called this executor");
    }
    List<byte[]> answers = spark.parallelize(IntStream.range(0, fits.size()).boxed().toList(), fits.size())
        .map(new FitTask(new ArrayList<>(fits), pipelineOf, table)).collect();
    List<TrialFit.Result> out = new ArrayList<>(fits.size());
    for (int i = 0; i < fits.size(); i++) {
      out.add(Answer.read(answers.get(i), fits.get(i)));
    }
    return out;
  }

  /** Lets the broadcast go, on the driver and the executors. */
  @Override
  public void close() {
    if (table != null) {
      table.destroy();
    }
  }

  /**
   * Serializes the function to nowhere, or fails saying what in it cannot be sent: a lambda is
   * sent with what it captures, so a captured non-serializable object (often {@code this}, when
   * the lambda reads a field or calls a method of the class it is written in) stops it.
   */
  static void checkSendable(Function<Tuner.Params, Pipeline> pipelineOf) {
    String fix = " Write the function so that it captures only serializable values (numbers, text, column names, or"
        + " objects of Serializable classes), e.g. as a lambda in a static method, or make the captured class Serializable.";
    if (!(pipelineOf instanceof Serializable)) {
      throw new IllegalArgumentException("the pipeline function (a " + pipelineOf.getClass().getName() + ") is not Serializable,"
          + " so it cannot be sent to Spark's executors. Give a lambda or a class of MlengineSpark.PipelineFunction, which is"
          + " Function<Params, Pipeline> and Serializable; a lambda written where that type is expected is serializable." + fix);
    }
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(pipelineOf);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("the pipeline function cannot be sent to Spark's executors: it holds a " + e.getMessage()
          + ", which is not Serializable." + fix, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("the pipeline function cannot be sent to Spark's executors: " + e + "." + fix, e);
    }
  }

  /** One task: runs one fit on the executor's copy of the table, and answers with bytes. */
  private static final class FitTask implements org.apache.spark.api.java.function.Function<Integer, byte[]> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final ArrayList<TrialFit> fits;
    private final Function<Tuner.Params, Pipeline> pipelineOf;
    private final Broadcast<byte[]> table;

    FitTask(ArrayList<TrialFit> fits, Function<Tuner.Params, Pipeline> pipelineOf, Broadcast<byte[]> table) {
      this.fits = fits;
      this.pipelineOf = pipelineOf;
      this.table = table;
    }

    @Override
    public byte[] call(Integer index) {
      try {
        TrialFit.Result result = fits.get(index).run(pipelineOf, ExecutorTables.get(table));
        return Answer.of(result);
      } catch (RuntimeException e) {
        return Answer.of(e);
      }
    }
  }

  /**
   * A fit's answer as bytes: the outcomes' arrays (read back with Outcomes' own factories, so
   * every value is the executor's) and the time; or what it threw, as its kind, message and stack
   * (the tuner's message quotes the message, as for a local trial).
   */
  static final class Answer {
    private static final int OUTCOMES = 0;
    private static final int FAILURE = 1;

    private Answer() {}

    static byte[] of(TrialFit.Result result) {
      return write(out -> {
        Outcomes o = result.outcomes();
        out.writeInt(OUTCOMES);
        out.writeLong(result.duration().toNanos());
        out.writeBoolean(o.task() == Task.REGRESSION);
        if (o.task() == Task.REGRESSION) {
          TableBytes.doubles(out, o.actualValues());
          TableBytes.doubles(out, o.predictedValues());
          return;
        }
        TableBytes.strings(out, o.classes().toArray(String[]::new));
        TableBytes.ints(out, o.trueClasses());
        for (int c = 0; c < o.classes().size(); c++) {
          TableBytes.doubles(out, o.probabilities(c));
        }
      });
    }

    static byte[] of(RuntimeException failure) {
      return write(out -> {
        out.writeInt(FAILURE);
        out.writeBoolean(failure instanceof IllegalArgumentException);
        TableBytes.string(out, failure.getClass().getName());
        TableBytes.string(out, failure.getMessage());
        StackTraceElement[] stack = failure.getStackTrace();
        out.writeInt(stack.length);
        for (StackTraceElement e : stack) {
          TableBytes.string(out, e.getClassName());
          TableBytes.string(out, e.getMethodName());
          TableBytes.string(out, e.getFileName());
          out.writeInt(e.getLineNumber());
        }
      });
    }

    /** The fit's result, or throws what the tuner throws for a local trial that failed alike. */
    static TrialFit.Result read(byte[] bytes, TrialFit fit) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        if (in.readInt() == FAILURE) {
          throw fit.failed(failure(in));
        }
        Duration duration = Duration.ofNanos(in.readLong());
        if (in.readBoolean()) {
          return new TrialFit.Result(Outcomes.regression(TableBytes.doubles(in), TableBytes.doubles(in)), duration);
        }
        List<String> classes = List.of(TableBytes.strings(in));
        int[] truth = TableBytes.ints(in);
        double[][] rows = new double[truth.length][classes.size()];
        for (int c = 0; c < classes.size(); c++) {
          double[] p = TableBytes.doubles(in);
          for (int r = 0; r < p.length; r++) {
            rows[r][c] = p[r];
          }
        }
        return new TrialFit.Result(Outcomes.classification(classes, truth, rows), duration);
      } catch (IOException e) {
        throw new UncheckedIOException("the answer of " + fit + " does not read: " + e.getMessage()
            + "; run the driver and the executors on the same mlengine-spark version", e);
      }
    }

    /** The executor's exception, remade: an IllegalArgumentException stays one; any other keeps its class name in its text. */
    private static RuntimeException failure(DataInputStream in) throws IOException {
      boolean illegalArgument = in.readBoolean();
      String type = TableBytes.string(in);
      String message = TableBytes.string(in);
      RuntimeException out = illegalArgument ? new IllegalArgumentException(message) : new ExecutorException(type, message);
      StackTraceElement[] stack = new StackTraceElement[in.readInt()];
      for (int i = 0; i < stack.length; i++) {
        stack[i] = new StackTraceElement(TableBytes.string(in), TableBytes.string(in), TableBytes.string(in), in.readInt());
      }
      out.setStackTrace(stack);
      return out;
    }

    private interface Writer {
      void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        writer.write(out);
      } catch (IOException e) {
        throw new UncheckedIOException("writing an answer to memory failed: " + e.getMessage(), e);
      }
      return bytes.toByteArray();
    }
  }

  /** An exception a fit threw on an executor, other than an IllegalArgumentException: its message, and its class by name. */
  static final class ExecutorException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;
    private final String type;

    ExecutorException(String type, String message) {
      super(message);
      this.type = type;
    }

    @Override
    public String toString() {
      return type + " (on a Spark executor)" + (getMessage() == null ? "" : ": " + getMessage());
    }
  }

  /**
   * Each executor JVM's copy of a tuning's table, read from the broadcast by the first task that
   * needs it and shared by the later ones (a table is read once, not once per fit). The last
   * {@value #KEPT} tunings' tables are kept.
   */
  static final class ExecutorTables {
    static final int KEPT = 2;

    private static final Map<Long, Table> READ = new LinkedHashMap<>(4, 0.75f, true) {
      @Serial
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Table> eldest) {
        return size() > KEPT;
      }
    };

    private ExecutorTables() {}

    static Table get(Broadcast<byte[]> table) {
      synchronized (READ) {
        Table cached = READ.get(table.id());
        if (cached != null) {
          return cached;
        }
      }
      // Read outside the lock: a rare second read is harmless, and another tuning's tasks need not wait.
      Table read = TableBytes.read(table.value());
      synchronized (READ) {
        return READ.computeIfAbsent(table.id(), k -> read);
      }
    }
  }
}
