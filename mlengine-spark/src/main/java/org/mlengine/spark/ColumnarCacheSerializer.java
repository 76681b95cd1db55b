package org.mlengine.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.columnar.CachedBatchSerializer;
import org.apache.spark.sql.execution.columnar.DefaultCachedBatchSerializer;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.storage.StorageLevel;
import scala.Function2;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's cache kept as column arrays that Spark scans as column batches, strings included, so
 * that {@link MlengineSpark#score} reads a cached Dataset column by column instead of row by
 * row. Spark's own cache ({@code DefaultCachedBatchSerializer}) makes column batches only when
 * every column is a primitive number or boolean, so a cached table with a string column (a
 * category) is scanned as rows. On the credit data at a million rows, {@code score} of a Dataset
 * cached this way takes about 0.7 of the CPU time per row that it takes from Spark's own cache
 * (1.4× the rows per CPU second; RESULTS.md, issue #19).
 *
 * <p>Spark takes its cache serializer from the static setting {@code spark.sql.cache.serializer},
 * read once when the session starts; it then serves every {@code cache()} and {@code persist()}
 * of that session:
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder()
 *     .config("spark.sql.cache.serializer", ColumnarCacheSerializer.class.getName())
 *     .getOrCreate();
 * Dataset<Row> applicants = spark.read().parquet("applicants.parquet").cache();
 * applicants.count();                                         // fills the cache
 * MlengineSpark.score(applicants, bundle).write().parquet("scored.parquet");
 * }</pre>
 *
 * <p>Kept: boolean, byte, short, int, long, float, double, decimal of up to 18 digits, string,
 * binary, date, timestamp and timestamp_ntz columns, uncompressed (numbers take their width;
 * strings their UTF-8 bytes and 4 bytes of offset), in batches of {@code
 * spark.sql.inMemoryColumnarStorage.batchSize} rows. A cached Dataset with any other column type
 * (a wider decimal, array, struct, map, interval, ...) is kept by Spark's own serializer, as
 * without this setting. Two things differ from Spark's own cache:
 * no compression, so a cache of repetitive values takes more memory; and no per-batch statistics,
 * so a filter on a cached Dataset reads every batch (it still gives the same rows). The class
 * must be on the class path of the driver and of every executor (it is in mlengine-spark's jar).
 */
public final class ColumnarCacheSerializer implements CachedBatchSerializer {
  private static final long serialVersionUID = 1L;

  /** Spark's own cache, for schemas with a column type this one does not keep. */
  private final DefaultCachedBatchSerializer spark = new DefaultCachedBatchSerializer();

  /** Made by Spark from {@code spark.sql.cache.serializer}. */
  public ColumnarCacheSerializer() {}

  private static boolean keeps(Seq<Attribute> schema) {
    return types(schema) != null;
  }

  /** The schema's types when this serializer keeps every one of them, else null. */
  private static DataType[] types(Seq<Attribute> schema) {
    List<Attribute> attributes = CollectionConverters.asJava(schema);
    DataType[] types = new DataType[attributes.size()];
    for (int c = 0; c < types.length; c++) {
      types[c] = attributes.get(c).dataType();
      if (CachedColumns.Kind.of(types[c]) == null) {
        return null;
      }
    }
    return types;
  }

  @Override
  public boolean supportsColumnarInput(Seq<Attribute> schema) {
    return !keeps(schema) && spark.supportsColumnarInput(schema);
  }

  @Override
  public boolean supportsColumnarOutput(StructType schema) {
    for (StructField field : schema.fields()) {
      if (CachedColumns.Kind.of(field.dataType()) == null) {
        return spark.supportsColumnarOutput(schema);
      }
    }
    return true;
  }

  @Override
  public RDD<CachedBatch> convertInternalRowToCachedBatch(RDD<InternalRow> input, Seq<Attribute> schema, StorageLevel storageLevel,
      SQLConf conf) {
    DataType[] types = types(schema);
    if (types == null) {
      return spark.convertInternalRowToCachedBatch(input, schema, storageLevel, conf);
    }
    int batchRows = conf.columnBatchSize();
    FlatMapFunction<Iterator<InternalRow>, CachedBatch> batches = rows -> CachedColumns.of(rows, types, batchRows);
    return input.toJavaRDD().mapPartitions(batches).rdd();
  }

  @Override
  public RDD<CachedBatch> convertColumnarBatchToCachedBatch(RDD<ColumnarBatch> input, Seq<Attribute> schema, StorageLevel storageLevel,
      SQLConf conf) {
    // Asked only when supportsColumnarInput says yes, which it says only for Spark's own schemas.
    return spark.convertColumnarBatchToCachedBatch(input, schema, storageLevel, conf);
  }

  @Override
  public Function2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>> buildFilter(
      Seq<Expression> predicates, Seq<Attribute> cachedAttributes) {
    if (!keeps(cachedAttributes)) {
      return spark.buildFilter(predicates, cachedAttributes);
    }
    return new EveryBatch();
  }

  /** No statistics per batch, so none can be skipped; Spark filters the rows after the scan. */
  private static final class EveryBatch
      extends scala.runtime.AbstractFunction2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public scala.collection.Iterator<CachedBatch> apply(Object partition, scala.collection.Iterator<CachedBatch> batches) {
      return batches;
    }
  }

  @Override
  public RDD<ColumnarBatch> convertCachedBatchToColumnarBatch(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
      Seq<Attribute> selectedAttributes, SQLConf conf) {
    DataType[] types = types(cacheAttributes);
    if (types == null) {
      return spark.convertCachedBatchToColumnarBatch(input, cacheAttributes, selectedAttributes, conf);
    }
    int[] columns = positions(cacheAttributes, selectedAttributes);
    return input.toJavaRDD().map(batch -> ((CachedColumns) batch).batch(columns, types)).rdd();
  }

  @Override
  public RDD<InternalRow> convertCachedBatchToInternalRow(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
      Seq<Attribute> selectedAttributes, SQLConf conf) {
    DataType[] types = types(cacheAttributes);
    if (types == null) {
      return spark.convertCachedBatchToInternalRow(input, cacheAttributes, selectedAttributes, conf);
    }
    int[] columns = positions(cacheAttributes, selectedAttributes);
    DataType[] selected = new DataType[columns.length];
    for (int i = 0; i < columns.length; i++) {
      selected[i] = types[columns[i]];
    }
    FlatMapFunction<Iterator<CachedBatch>, InternalRow> rows = batches -> {
      UnsafeProjection project = UnsafeProjection.create(selected);
      return new Iterator<>() {
        private Iterator<InternalRow> current = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && batches.hasNext()) {
            current = ((CachedColumns) batches.next()).batch(columns, types).rowIterator();
          }
          return current.hasNext();
        }

        @Override
        public InternalRow next() {
          hasNext();
          return project.apply(current.next());
        }
      };
    };
    return input.toJavaRDD().mapPartitions(rows).rdd();
  }

  /** Where each selected attribute is among the cached ones (by expression id). */
  private static int[] positions(Seq<Attribute> cached, Seq<Attribute> selected) {
    List<Attribute> all = CollectionConverters.asJava(cached);
    List<Attribute> wanted = CollectionConverters.asJava(selected);
    int[] positions = new int[wanted.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = -1;
      for (int c = 0; c < all.size(); c++) {
        if (all.get(c).exprId().equals(wanted.get(i).exprId())) {
          positions[i] = c;
        }
      }
      if (positions[i] < 0) {
        throw new IllegalStateException("column " + wanted.get(i) + " is not among the cached columns " + all);
      }
    }
    return positions;
  }
}
