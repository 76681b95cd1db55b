package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.eval.Metrics;
import org.mlengine.features.Features;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * {@code mlengine predict}, {@code inspect}, {@code diff} and {@code verify} in process, on the
 * quickstart's bundle (fitted once for the class, signed) and a smaller one derived from it.
 */
class BundleCommandsTest {
  private static final Instant CREATED = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Table credit;
  private static ModelBundle quickstart;
  private static Path bundle;
  private static Path smaller;
  private static Path creditCsv;
  private static Path signerKey;
  private static Path otherKey;

  @BeforeAll
  static void fitOnce() throws IOException, GeneralSecurityException {
    credit = Quickstart.creditData();
    KeyPair signer = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    quickstart = Quickstart.train(credit).bundle().withLabel("credit-quickstart").withCreatedAt(CREATED).sign(signer.getPrivate());
    bundle = shared.resolve("credit.mlb");
    quickstart.save(bundle);
    ModelBundle small = Pipeline.builder().target("Status").split(Split.stratified(0.8))
        .add(Features.oneHot("Home", "Job"))
        .add(Features.impute("Income", "Amount", "Age").median())
        .trainer(Trainers.logisticRegression())
        .metrics(Metrics.rocAuc(), Metrics.accuracy())
        .seed(42).build()
        .fit(credit.select("Status", "Home", "Job", "Income", "Amount", "Age")).bundle()
        .withParent(quickstart).withCreatedAt(CREATED);
    smaller = shared.resolve("smaller.mlb");
    small.save(smaller);
    creditCsv = shared.resolve("credit_data.csv");
    try (var in = Quickstart.class.getResourceAsStream("credit_data.csv")) {
      Files.copy(in, creditCsv);
    }
    signerKey = shared.resolve("signer.pub");
    Files.writeString(signerKey, pem(signer.getPublic().getEncoded()));
    otherKey = shared.resolve("other.pub");
    Files.write(otherKey, KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** The exit code and what the command printed, with \n line ends. */
  record Run(int exitCode, String out, String err) {}

  private static Run cli(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Cli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, false);
    }
    return new Run(code, unix(out), unix(err));
  }

  private static String unix(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  private static String creditText() throws IOException {
    return Files.readString(creditCsv, StandardCharsets.UTF_8);
  }

  /** The rows of credit_data.csv with one replaced by {@code row} at the 1-based data row {@code at}. */
  private static String creditWith(int at, String row) throws IOException {
    List<String> lines = new java.util.ArrayList<>(creditText().lines().toList());
    lines.set(at, row);
    return String.join("\n", lines) + "\n";
  }

  // ---- predict ----

  @Test
  void predict_stdinToStdout_writesEveryRowFollowedByPredictAllsPredictionsBitForBit() throws IOException {
    Run run = cli(creditText(), "predict", bundle.toString());

    assertEquals(0, run.exitCode(), run::err);
    assertEquals("mlengine predict: scored 4454 rows\n", run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals("Status,Seniority,Home,Time,Age,Marital,Records,Job,Expenses,Income,Assets,Debt,Amount,Price,label,p_bad,p_good",
        lines.get(0));
    List<Prediction> expected = Predictor.of(quickstart).predictAll(credit);
    assertEquals(credit.rowCount() + 1, lines.size());
    for (int r = 0; r < credit.rowCount(); r++) {
      Prediction p = expected.get(r);
      String tail = "," + p.label().orElseThrow() + "," + p.probability("bad") + "," + p.probability("good");
      assertTrue(lines.get(r + 1).endsWith(tail), () -> lines.get(1) + " does not end with " + tail);
    }
    assertTrue(lines.get(1).startsWith("good,9,rent,60,30,married,no,freelance,73,129,0,0,800,846,"), lines.get(1));
    Table scored = Table.readCsv(new StringReader(run.out()), "out", CsvOptions.defaults());
    assertEquals(credit.rowCount(), scored.rowCount());
  }

  @Test
  void predict_fileToFile_writesTheSameTextAsToStdoutAndNothingOnStdout() throws IOException {
    Path out = dir.resolve("scored.csv");
    Run run = cli("", "predict", bundle.toString(), creditCsv.toString(), "--output", out.toString());

    assertEquals(0, run.exitCode(), run::err);
    assertEquals("mlengine predict: scored 4454 rows into " + out + "\n", run.err());
    assertEquals("", run.out());
    assertEquals(cli(creditText(), "predict", bundle.toString(), "-").out(), Files.readString(out, StandardCharsets.UTF_8));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList());
    }
    Path plain = Files.createFile(dir.resolve("plain.csv"));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out), "the umask's permissions, not owner-only");
  }

  @Test
  void predict_badValueIntoAFile_namesLineAndColumnAndLeavesTheEarlierFileAsItWas() throws IOException {
    Path input = dir.resolve("bad.csv");
    Files.writeString(input, creditWith(4000, "good,9,rent,60,30,married,no,freelance,73,lots,0,0,800,846"));
    Path out = dir.resolve("scored.csv");
    Files.writeString(out, "yesterday's scores\n");

    Run run = cli("", "predict", bundle.toString(), input.toString(), "-o", out.toString());

    assertEquals(1, run.exitCode());
    assertEquals("mlengine predict: " + input + " line 4001, column 'Income' (10): 'lots' is not a number; the model reads the column"
        + " as NUMERIC. Fix the value, or leave the field empty (or NA) for a missing value.\n"
        + "mlengine predict: " + out + " was not written\n", run.err());
    assertEquals("yesterday's scores\n", Files.readString(out, StandardCharsets.UTF_8));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("bad.csv", "scored.csv"), files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void predict_badRowOnStdout_saysHowManyRowsWereWrittenBeforeIt() throws IOException {
    StringBuilder b = new StringBuilder(creditText());
    List<String> rows = creditText().lines().skip(1).toList();
    for (int r = 0; r < 6_000; r++) {
      b.append(rows.get(r % rows.size())).append('\n');
    }
    b.append("good,9,rent,60,30,married,no,freelance,73,129,0\n");

    Run run = cli(b.toString(), "predict", bundle.toString());

    assertEquals(1, run.exitCode());
    assertEquals("mlengine predict: stdin line 10456 has 11 fields but the header has 14 columns; every record needs one field per"
        + " column. Check for a missing or extra separator ',', and enclose fields that contain it in double quotes.\n"
        + "mlengine predict: 10000 rows were written to standard output before the failure\n", run.err());
    assertEquals(10_001, run.out().lines().count());
  }

  @Test
  void predict_headerWithoutAColumnTheModelReads_writesNothing() {
    Run run = cli("Status,Seniority,Home\ngood,9,rent\n", "predict", bundle.toString());

    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    assertEquals("mlengine predict: stdin: the header lacks columns 'Time' (NUMERIC), 'Age' (NUMERIC), 'Marital' (CATEGORICAL),"
        + " 'Records' (CATEGORICAL), 'Job' (CATEGORICAL), 'Expenses' (NUMERIC), 'Income' (NUMERIC), 'Assets' (NUMERIC),"
        + " 'Debt' (NUMERIC), 'Amount' (NUMERIC), 'Price' (NUMERIC), which the model reads; it reads [Seniority, Home, Time,"
        + " Age, Marital, Records, Job, Expenses, Income, Assets, Debt, Amount, Price]. Add the columns to the header (an empty"
        + " field is a missing value).\n"
        + "mlengine predict: 0 rows were written to standard output before the failure\n", run.err());
  }

  @Test
  void predict_missingBundleOrInput_namesTheFileWithExitOne() {
    Path missing = dir.resolve("nope.mlb");
    Run run = cli("", "predict", missing.toString());
    assertEquals(1, run.exitCode());
    assertEquals("mlengine predict: no such bundle file " + missing + "; give the path of a .mlb file (./mlengine quickstart writes"
        + " credit.mlb)\n", run.err());

    Path input = dir.resolve("nope.csv");
    Run noInput = cli("", "predict", bundle.toString(), input.toString());
    assertEquals(1, noInput.exitCode());
    assertEquals("mlengine predict: no such input file " + input + "; give the path of a CSV file with a header row, or - for"
        + " standard input\n", noInput.err());
  }

  @Test
  void predict_withoutABundle_isAUsageErrorWithExitTwo() {
    Run run = cli("", "predict");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("mlengine predict: Missing required parameter: 'BUNDLE'\nUsage: mlengine predict [-h]"
        + " [-o=FILE] BUNDLE [INPUT]\n"), run::err);
  }

  // ---- inspect ----

  @Test
  void inspect_text_showsIdentitySignatureSchemaStepsAndMetricsWithIntervals() {
    Run run = cli("", "inspect", bundle.toString());

    assertEquals(0, run.exitCode(), run::err);
    assertEquals("", run.err());
    assertEquals("bundle     " + bundle + "\n"
        + "id         " + quickstart.id() + "\n"
        + "label      credit-quickstart\n"
        + "created    2026-12-01T00:00:00Z\n"
        + "parent     (none)\n"
        + "library    mlengine 0.2.0, bundle format 1\n"
        + "integrity  every entry matches its SHA-256 in the manifest\n"
        + "signature  signed (Ed25519), not checked; give --trusted-key KEYFILE to check it\n"
        + "task       CLASSIFICATION of 'Status' (classes bad, good)\n"
        + "model      linear, trainer {algorithm=logistic_regression, c=1.0, maxIterations=100, tolerance=1.0E-4}\n"
        + "training   3563 rows, SHA-256 " + quickstart.trainingDataSha256() + "\n"
        + "audit      1 finding (0 errors, 1 warnings)\n"
        + "\n"
        + "schema (13 columns)\n"
        + "  Seniority  NUMERIC\n"
        + "  Home       CATEGORICAL, 6 categories\n"
        + "  Time       NUMERIC\n"
        + "  Age        NUMERIC\n"
        + "  Marital    CATEGORICAL, 5 categories\n"
        + "  Records    CATEGORICAL, 2 categories\n"
        + "  Job        CATEGORICAL, 4 categories\n"
        + "  Expenses   NUMERIC\n"
        + "  Income     NUMERIC\n"
        + "  Assets     NUMERIC\n"
        + "  Debt       NUMERIC\n"
        + "  Amount     NUMERIC\n"
        + "  Price      NUMERIC\n"
        + "\n"
        + "steps (3)\n"
        + "  1. mean_encoding(Home, Marital, Records, Job) smoothing=10.0 folds=5\n"
        + "  2. impute(Seniority, Time, Age, Expenses, Income, Assets, Debt, Amount, Price) strategy=median indicator=false\n"
        + "  3. standardize(Seniority, Time, Age, Expenses, Income, Assets, Debt, Amount, Price)\n"
        + "\n"
        + "metrics (held out)\n"
        + "  roc_auc   0.8310 [0.8005, 0.8616]  DeLong, 95%                       baselines: zero_rule 0.5000,"
        + " uniform_random 0.5000, stratified_random 0.4924\n"
        + "  accuracy  0.8137 [0.7868, 0.8379]  Wilson score, 95%                 baselines: zero_rule 0.7183,"
        + " uniform_random 0.2817, stratified_random 0.5926\n"
        + "  log_loss  0.4403 [0.4043, 0.4764]  Student t of per-row values, 95%  baselines: zero_rule 0.5946,"
        + " uniform_random 0.6931, stratified_random 14.6845\n", run.out());
  }

  @Test
  void inspect_trustedKey_saysWhichKeyVerifiedTheSignature() throws IOException {
    Run run = cli("", "inspect", bundle.toString(), "--trusted-key", signerKey.toString());

    assertEquals(0, run.exitCode(), run::err);
    String keyId = BundleFacts.keyId(BundleFacts.readPublicKey(signerKey));
    assertTrue(keyId.matches("SHA256:[0-9a-f]{16}"), keyId);
    assertTrue(run.out().contains("\nsignature  signed (Ed25519), verified with key " + keyId + "\n"), run::out);
  }

  @Test
  void inspect_json_carriesTheSameFactsWithNullsForAbsentValues() throws IOException {
    Run run = cli("", "inspect", "--json", smaller.toString());

    assertEquals(0, run.exitCode(), run::err);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertEquals(quickstart.id(), json.path("parentId").asText());
    assertFalse(json.path("signature").path("signed").asBoolean());
    assertEquals(List.of("Home", "Job", "Income", "Amount", "Age"),
        java.util.stream.StreamSupport.stream(json.path("schema").spliterator(), false).map(c -> c.path("name").asText()).toList());
    assertEquals(6, json.path("schema").path(0).path("categories").asInt());
    assertEquals("one_hot(Home, Job) onUnknown=ignore", json.path("steps").path(0).asText());
    MetricEstimate auc = ModelBundle.load(smaller).estimates().get(0);
    assertEquals(auc.lower(), json.path("metrics").path(0).path("lower").asDouble());
    assertEquals("DeLong, 95%", json.path("metrics").path(0).path("method").asText());
  }

  // ---- diff ----

  @Test
  void diff_derivedBundle_showsLineageSchemaStepEditsAndMetricDifferences() throws IOException {
    Run run = cli("", "diff", bundle.toString(), smaller.toString());

    assertEquals(0, run.exitCode(), run::err);
    assertEquals("A  " + bundle + "  " + quickstart.id() + "\n"
        + "B  " + smaller + "  " + ModelBundle.load(smaller).id() + "\n"
        + "lineage  B was derived from A (B's parent is A)\n"
        + "created  A 2026-12-01T00:00:00Z, B 2026-12-01T00:00:00Z\n"
        + "\n"
        + "schema\n"
        + "  removed     Seniority (NUMERIC)\n"
        + "  removed     Time (NUMERIC)\n"
        + "  removed     Marital (CATEGORICAL, 5 categories)\n"
        + "  removed     Records (CATEGORICAL, 2 categories)\n"
        + "  removed     Expenses (NUMERIC)\n"
        + "  removed     Assets (NUMERIC)\n"
        + "  removed     Debt (NUMERIC)\n"
        + "  removed     Price (NUMERIC)\n"
        + "\n"
        + "steps\n"
        + "  - mean_encoding(Home, Marital, Records, Job) smoothing=10.0 folds=5\n"
        + "  - impute(Seniority, Time, Age, Expenses, Income, Assets, Debt, Amount, Price) strategy=median indicator=false\n"
        + "  - standardize(Seniority, Time, Age, Expenses, Income, Assets, Debt, Amount, Price)\n"
        + "  + one_hot(Home, Job) onUnknown=ignore\n"
        + "  + impute(Income, Amount, Age) strategy=median indicator=false\n"
        + "\n"
        + "model: the same, linear, trainer {algorithm=logistic_regression, c=1.0, maxIterations=100, tolerance=1.0E-4}\n"
        + "\n"
        + "metrics (held out)\n"
        + "            A                        B                        B - A\n"
        + "  roc_auc   0.8310 [0.8005, 0.8616]  0.7357 [0.6989, 0.7725]  -0.0954\n"
        + "  accuracy  0.8137 [0.7868, 0.8379]  0.7621 [0.7330, 0.7889]  -0.0516\n"
        + "  log_loss  0.4403 [0.4043, 0.4764]  -                        -\n", run.out());
  }

  @Test
  void diff_aBundleWithItself_saysSameEverywhereWithExitZero() {
    Run run = cli("", "diff", bundle.toString(), bundle.toString());

    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.out().contains("\nlineage  same content (same id)\n"), run::out);
    assertTrue(run.out().contains("\nschema: the same 13 columns\n\nsteps: the same 3\n\nmodel: the same, linear,"), run::out);
    assertTrue(run.out().contains("\n  roc_auc   0.8310 [0.8005, 0.8616]  0.8310 [0.8005, 0.8616]  +0.0000\n"), run::out);
  }

  @Test
  void diff_json_listsSchemaChangesAndMetricPairs() throws IOException {
    Run run = cli("", "diff", "--json", bundle.toString(), smaller.toString());

    assertEquals(0, run.exitCode(), run::err);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertEquals("removed", json.path("schema").path(0).path("change").asText());
    assertEquals("Seniority", json.path("schema").path(0).path("column").asText());
    assertEquals("log_loss", json.path("metrics").path(2).path("name").asText());
    assertTrue(json.path("metrics").path(2).path("b").isNull());
    double auc = ModelBundle.load(smaller).estimates().get(0).value() - quickstart.estimates().get(0).value();
    assertEquals(auc, json.path("metrics").path(0).path("difference").asDouble());
  }

  @Test
  void diff_missingSecondBundle_namesItWithExitOne() {
    Path missing = dir.resolve("candidate.mlb");
    Run run = cli("", "diff", bundle.toString(), missing.toString());
    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    assertEquals("mlengine diff: no such bundle file " + missing + "; give the path of a .mlb file (./mlengine quickstart writes"
        + " credit.mlb)\n", run.err());
  }

  // ---- verify ----

  @Test
  void verify_signedBundleAndItsSignersKey_isVerifiedWithExitZero() throws IOException {
    Run run = cli("", "verify", bundle.toString(), "--trusted-key", signerKey.toString());

    assertEquals(0, run.exitCode(), run::err);
    assertEquals(bundle + " is verified\n"
        + "  id         " + quickstart.id() + "\n"
        + "  integrity  every entry matches its SHA-256 in the manifest; format 1\n"
        + "  signature  signed (Ed25519), verified with key " + BundleFacts.keyId(BundleFacts.readPublicKey(signerKey)) + "\n",
        run.out());
    assertEquals("", run.err());
  }

  @Test
  void verify_anotherKey_isNotVerifiedWithExitOneAndTheReason() {
    Run run = cli("", "verify", bundle.toString(), "--trusted-key", otherKey.toString());

    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    assertEquals("mlengine verify: " + bundle + " is NOT verified: " + bundle + "'s signature does not verify with any trusted key;"
        + " the manifest was altered or signed by another key. Re-copy the file from its source, or trust the key that signed"
        + " it.\n", run.err());
  }

  @Test
  void verify_unsignedBundleWithAKey_isNotVerified() {
    Run run = cli("", "verify", smaller.toString(), "--trusted-key", signerKey.toString());

    assertEquals(1, run.exitCode());
    assertEquals("mlengine verify: " + smaller + " is NOT verified: " + smaller + " is not signed, but the trust policy requires a"
        + " signature by one of 1 keys. Sign it with bundle.sign(privateKey) before saving, or load it with"
        + " TrustPolicy.checksumsOnly().\n", run.err());
  }

  @Test
  void verify_oneFlippedByte_isNotVerified() throws IOException {
    byte[] bytes = Files.readAllBytes(bundle);
    Path damaged = dir.resolve("damaged.mlb");
    int middle = bytes.length / 2;
    bytes[middle] ^= 0x01;
    Files.write(damaged, bytes);

    Run run = cli("", "verify", damaged.toString());

    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("mlengine verify: " + damaged + " is NOT verified: "), run::err);
    assertEquals("", run.out());
  }

  @Test
  void verify_withoutAKey_checksTheChecksumsAndSaysTheSignatureWasNotChecked() {
    Run run = cli("", "verify", bundle.toString());

    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.out().endsWith("  signature  signed (Ed25519), not checked; give --trusted-key KEYFILE to check it\n"), run::out);
  }

  @Test
  void verify_keyFileThatIsNotAKey_saysWhatItExpectsWithExitOne() throws IOException {
    Path notAKey = dir.resolve("notes.txt");
    Files.writeString(notAKey, "hello\n");

    Run run = cli("", "verify", bundle.toString(), "--trusted-key", notAKey.toString());

    assertEquals(1, run.exitCode());
    assertEquals("mlengine verify: " + notAKey + " is not an Ed25519 public key; expected PEM (-----BEGIN PUBLIC KEY-----, as"
        + " 'openssl pkey -in private.pem -pubout' writes) or its DER bytes (PublicKey.getEncoded())\n", run.err());
  }
}
