package org.mlengine.server;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/** Small bundles fitted once on credit_data.csv (from core's test jar) for the server's tests. */
final class CreditModels {
  static final String[] NUMERIC = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"};
  static final String[] NUMERIC_INPUTS_OF_AMOUNT = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Price"};

  /** The first row of credit_data.csv without its target, as the contract's example request. */
  static final String APPLICANT = "{\"Seniority\":9,\"Home\":\"rent\",\"Time\":60,\"Age\":30,\"Marital\":\"married\","
      + "\"Records\":\"no\",\"Job\":\"freelance\",\"Expenses\":73,\"Income\":129,\"Assets\":0,\"Debt\":0,\"Amount\":800,"
      + "\"Price\":846}";

  private static Table credit;
  private static ModelBundle classifier;
  private static ModelBundle secondClassifier;
  private static ModelBundle regression;

  private CreditModels() {}

  static synchronized Table credit() {
    if (credit == null) {
      try (Reader in = new InputStreamReader(CreditModels.class.getResourceAsStream("/credit_data.csv"), StandardCharsets.UTF_8)) {
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

  /**
   * Another classifier reading the same columns (no standardization, another seed), so that a
   * deployment takes it as a swap for {@link #classifier()}: a second bundle id.
   */
  static synchronized ModelBundle secondClassifier() {
    if (secondClassifier == null) {
      secondClassifier = Pipeline.builder().target("Status").split(Split.stratified(0.8))
          .add(Features.oneHot("Home", "Marital", "Records", "Job"))
          .add(Features.impute(NUMERIC).median())
          .trainer(Trainers.logisticRegression()).seed(7).build().fit(credit()).bundle();
    }
    return secondClassifier;
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
}
