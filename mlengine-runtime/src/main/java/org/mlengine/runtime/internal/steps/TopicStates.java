package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** State fields shared by the topic and embedding codecs: matrices and the nested bag of words. */
final class TopicStates {
  private TopicStates() {}

  /** A matrix as an array of rows of finite numbers. */
  static ArrayNode writeMatrix(double[][] rows, String tag, String field) {
    ArrayNode out = StateJson.array();
    for (int r = 0; r < rows.length; r++) {
      ArrayNode row = out.addArray();
      for (double x : rows[r]) {
        StateJson.add(row, x, tag, field + "[" + r + "]");
      }
    }
    return out;
  }

  /** A matrix field: an array of arrays of finite numbers (its shape is checked by the transform). */
  static double[][] readMatrix(JsonNode state, String field, String tag) {
    ArrayNode rows = StateJson.arrayField(state, field, "", tag);
    double[][] out = new double[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      out[r] = readVector(rows.get(r), field + "[" + r + "]", tag);
    }
    return out;
  }

  /** An array of finite numbers. */
  static double[] readVector(JsonNode array, String path, String tag) {
    if (!array.isArray()) {
      throw new IllegalArgumentException(
          tag + " state field '" + path + "' must be an array, found " + array.getNodeType() + " " + array);
    }
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = StateJson.number(array.get(i), path + "[" + i + "]", tag);
    }
    return out;
  }

  /** The nested {@code bag_of_words} state in field {@code terms}, which must hold one column. */
  static BagOfWordsTransform readTerms(JsonNode state, String tag) {
    JsonNode terms = StateJson.objectField(state, "terms", "", tag);
    BagOfWordsTransform read;
    try {
      read = (BagOfWordsTransform) new BagOfWordsCodec().read(terms);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(tag + " state field 'terms' is not a valid bag of words: " + e.getMessage(), e);
    }
    if (read.vocabularies().size() != 1) {
      throw new IllegalArgumentException(tag + " state field 'terms' has " + read.vocabularies().size()
          + " columns; " + tag + " reads exactly one text column");
    }
    return read;
  }
}
