package org.mlengine.core;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The margins XGBoost holds for its training matrix after a round, read as one flat float array
 * ({@code outputs} per row): XGBoost keeps them in its prediction cache, adding each new tree's
 * leaves as the tree grows, so reading them costs a copy. XGBoost4J's public {@code
 * Booster.predict(matrix, true)} reads the same array but returns it as a {@code
 * float[rows][outputs]}, one small array per row (at 800k rows that cost more each round than
 * walking the new tree over the rows in Java); so this calls the native method that {@code
 * predict} calls, {@code XGBoostJNI.XGBoosterPredict}, with the booster's handle, and keeps the
 * flat array it returns. Both are package-private members of XGBoost4J 1.7.6, reached once by
 * reflection; a version without them is an error that says which version to use.
 */
final class XGBoostMargins {
  /** XGBoost's prediction option that asks for margins (untransformed sums) rather than probabilities. */
  private static final int OUTPUT_MARGIN = 1;
  /** XGBoost's tree limit that means every tree, which is what its prediction cache holds. */
  private static final int ALL_TREES = 0;

  private static final Field HANDLE;
  private static final Method PREDICT;
  private static final Method LAST_ERROR;
  /** Why the members above could not be reached, or null. */
  private static final ReflectiveOperationException UNREACHABLE;

  static {
    Field handle = null;
    Method predict = null;
    Method lastError = null;
    ReflectiveOperationException unreachable = null;
    try {
      handle = Booster.class.getDeclaredField("handle");
      Class<?> jni = Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, Booster.class.getClassLoader());
      predict = jni.getDeclaredMethod("XGBoosterPredict", long.class, long.class, int.class, int.class, float[][].class);
      lastError = jni.getDeclaredMethod("XGBGetLastError");
      handle.setAccessible(true);
      predict.setAccessible(true);
      lastError.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      unreachable = e;
    } catch (RuntimeException e) {  // InaccessibleObjectException, SecurityException
      unreachable = new ReflectiveOperationException(e.toString(), e);
    }
    HANDLE = handle;
    PREDICT = predict;
    LAST_ERROR = lastError;
    UNREACHABLE = unreachable;
  }

  private XGBoostMargins() {}

  /** The booster's margins for {@code matrix}, the matrix it trains on, which must hold {@code size} of them. */
  static float[] of(Booster booster, DMatrix matrix, int size) throws XGBoostError {
    if (UNREACHABLE != null) {
      throw new IllegalStateException("could not read XGBoost's margins between rounds: " + UNREACHABLE.getMessage()
          + "; mlengine reads them through XGBoost4J 1.7.6's Booster.handle and XGBoostJNI.XGBoosterPredict. No model was made;"
          + " put ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.", UNREACHABLE);
    }
    float[][] out = new float[1][];
    int status;
    try {
      status = (int) PREDICT.invoke(null, HANDLE.getLong(booster), matrix.getHandle(), OUTPUT_MARGIN, ALL_TREES, out);
      if (status != 0) {
        throw new XGBoostError((String) LAST_ERROR.invoke(null));
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("could not read XGBoost's margins between rounds: " + e.getMessage() + ". No model was made;"
          + " put ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException("XGBoost's prediction failed: " + e.getCause(), e.getCause());
    }
    if (out[0] == null || out[0].length != size) {
      throw new IllegalStateException("XGBoost returned " + (out[0] == null ? 0 : out[0].length) + " margins for a training matrix"
          + " that needs " + size + "; mlengine reads the margins of XGBoost4J 1.7.6. No model was made; put"
          + " ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.");
    }
    return out[0];
  }
}
