package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * The tests' session keeps its cache with ColumnarCacheSerializer: every column type it keeps,
 * nulls included, reads back as the rows it was given, as column batches, as rows (Spark's
 * vectorized cache reader off), after a filter, and from disk (serialized); a schema with a type
 * it does not keep is left to Spark's own serializer, with the same rows.
 */
class ColumnarCacheSerializerTest {
  /** One column per kept type, each null in some rows; several batches per partition, grown as rows come. */
  private static Dataset<Row> everyType(SparkSession spark) {
    return spark.range(0, 2600).repartition(2).selectExpr("id",
        "if(id % 5 = 0, null, id % 2 = 0) as flag",
        "if(id % 6 = 0, null, cast(id % 100 as tinyint)) as tiny",
        "if(id % 7 = 0, null, cast(id * 3 as smallint)) as small",
        "if(id % 8 = 0, null, cast(id * 1000003 % 2000000000 - 1000000000 as int)) as whole",
        "if(id % 9 = 0, null, id * 10000000019) as big",
        "if(id % 10 = 0, null, cast(id / 7.0 as float)) as single",
        "case when id % 11 = 0 then null when id % 13 = 0 then double('NaN') when id % 17 = 0 then -0.0d else id / 3.0d end as x",
        "if(id % 12 = 0, null, cast(id / 100.0 as decimal(12,2))) as money",
        "case when id % 14 = 0 then null when id % 15 = 0 then '' else concat('ca', repeat('é', cast(id % 4 as int)), id) end as text",
        "if(id % 16 = 0, null, cast(concat('b', id) as binary)) as bytes",
        "if(id % 18 = 0, null, date_add(date'2020-01-01', cast(id as int))) as day",
        "if(id % 19 = 0, null, timestamp_seconds(id * 86399)) as at",
        "if(id % 20 = 0, null, cast(timestamp_seconds(id * 3601) as timestamp_ntz)) as wall");
  }

  @Test
  void cache_everyKeptType_readsBackTheSameRows_asBatchesAsRowsFilteredAndFromDisk() {
    SparkSession spark = LocalSpark.session();
    Dataset<Row> rows = everyType(spark);
    List<Row> expected = rows.orderBy("id").collectAsList();
    spark.conf().set("spark.sql.inMemoryColumnarStorage.batchSize", "700");
    Dataset<Row> cached = rows.cache();
    Dataset<Row> onDisk = everyType(spark).select("*").persist(StorageLevel.DISK_ONLY());
    try {
      assertEquals(2600, cached.count());
      assertTrue(ColumnarScoring.batches((org.apache.spark.sql.classic.Dataset<Row>) cached).isPresent(),
          "the cache makes no column batches");
      assertEquals(expected, cached.orderBy("id").collectAsList());
      assertEquals(expected, onDisk.orderBy("id").collectAsList());
      assertEquals(rows.filter("id % 7 = 3 and text like 'ca%'").orderBy("id").collectAsList(),
          cached.filter("id % 7 = 3 and text like 'ca%'").orderBy("id").collectAsList());
      spark.conf().set("spark.sql.inMemoryColumnarStorage.enableVectorizedReader", "false");
      Dataset<Row> again = everyType(spark);   // a new plan over the same cache, made with the reader off
      String plan = ((org.apache.spark.sql.classic.Dataset<Row>) again).queryExecution().executedPlan().toString();
      assertTrue(plan.contains("InMemoryTableScan"), "the new plan does not read the cache: " + plan);
      assertFalse(ColumnarScoring.batches((org.apache.spark.sql.classic.Dataset<Row>) again).isPresent(),
          "the cache still makes column batches; the test would not reach its row reader");
      assertEquals(expected, again.orderBy("id").collectAsList());
    } finally {
      spark.conf().unset("spark.sql.inMemoryColumnarStorage.enableVectorizedReader");
      spark.conf().unset("spark.sql.inMemoryColumnarStorage.batchSize");
      cached.unpersist(true);
      onDisk.unpersist(true);
    }
  }

  @Test
  void cache_typeItDoesNotKeep_isLeftToSparksSerializer_withTheSameRows() {
    SparkSession spark = LocalSpark.session();
    Dataset<Row> rows = spark.range(0, 300).repartition(2)
        .selectExpr("id", "array(id, id + 1) as pair", "cast(id as decimal(30,1)) as wide", "concat('c', id % 3) as text");
    Dataset<Row> cached = rows.cache();
    try {
      assertFalse(new ColumnarCacheSerializer().supportsColumnarOutput(rows.schema()));
      assertEquals(rows.orderBy("id").collectAsList(), cached.orderBy("id").collectAsList());
    } finally {
      cached.unpersist(true);
    }
  }
}
