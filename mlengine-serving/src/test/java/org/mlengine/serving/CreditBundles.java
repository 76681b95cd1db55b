package org.mlengine.serving;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/** Small bundles fitted once on credit_data.csv (from core's test resources) for the limits' tests. */
final class CreditBundles {
  static final String[] NUMERIC = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"};
  static final String[] NUMERIC_INPUTS_OF_AMOUNT = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Price"};

  private static Table credit;
  private static ModelBundle classifier;
  private static ModelBundle simpler;
  private static ModelBundle regression;

  private CreditBundles() {}

  static synchronized Table credit() {
    if (credit == null) {
      try (Reader in = new InputStreamReader(CreditBundles.class.getResourceAsStream("/credit_data.csv"), StandardCharsets.UTF_8)) {
        credit = Table.readCsv(in, "credit_data.csv", CsvOptions.defaults());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return credit;
  }

  /** Status from every column: one-hot categories, median imputation, logistic regression. */
  static synchronized ModelBundle classifier() {
    if (classifier == null) {
      classifier = Pipeline.builder().target("Status").split(Split.stratified(0.8))
          .add(Features.oneHot("Home", "Marital", "Records", "Job"))
          .add(Features.impute(NUMERIC).median())
          .add(Features.standardize(NUMERIC))
          .trainer(Trainers.logisticRegression()).seed(42).build().fit(credit()).bundle();
    }
    return classifier;
  }

  /** Status from a few columns (a subset of the classifier's), for a fallback model. */
  static synchronized ModelBundle simpler() {
    if (simpler == null) {
      simpler = Pipeline.builder().target("Status").split(Split.stratified(0.8))
          .add(Features.oneHot("Records", "Job"))
          .add(Features.impute("Seniority", "Age").median())
          .trainer(Trainers.logisticRegression()).seed(42).build()
          .fit(credit().select("Status", "Records", "Job", "Seniority", "Age")).bundle();
    }
    return simpler;
  }

  /** Amount from the other columns: a depth-3 regression tree. */
  static synchronized ModelBundle regression() {
    if (regression == null) {
      regression = Pipeline.builder().target("Amount").split(Split.random(0.8))
          .add(Features.oneHot("Status", "Home", "Marital", "Records", "Job"))
          .add(Features.impute(NUMERIC_INPUTS_OF_AMOUNT).median())
          .trainer(Trainers.cart().maxDepth(3)).seed(42).build().fit(credit()).bundle();
    }
    return regression;
  }

  /** Row {@code r} of the credit data without {@code drop}, as a mutable request. */
  static Map<String, Object> request(int r, String drop) {
    Map<String, Object> m = new HashMap<>(credit().row(r).toMap());
    m.remove(drop);
    return m;
  }
}
