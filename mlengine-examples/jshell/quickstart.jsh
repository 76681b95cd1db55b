// The quickstart in JShell: ./mlengine jshell mlengine-examples/jshell/quickstart.jsh
// (the start-up script has already imported org.mlengine.*). JShell ends a snippet at the first
// line that is complete on its own, so each line of a chain ends with its dot.
Table credit = Quickstart.creditData();
System.out.println(credit);
Pipeline pipeline = Pipeline.builder().
    target("Status").
    split(Split.stratified(0.8)).
    add(Features.meanEncoding("Home", "Marital", "Records", "Job").smoothing(10)).
    add(Features.impute("Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price").median()).
    add(Features.standardize("Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price")).
    trainer(Trainers.logisticRegression()).
    metrics(Metrics.rocAuc(), Metrics.accuracy()).
    seed(42).
    build();
PipelineResult result = pipeline.fit(credit);
System.out.println(result);
Path file = Files.createTempFile("quickstart", ".mlb");
result.bundle().save(file);
Predictor predictor = Predictor.load(file);
Map<String, Object> applicant = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
applicant.remove("Status");
Prediction prediction = predictor.predict(applicant);
System.out.println("predicted " + prediction.label().orElseThrow() + " with P(bad) = " + prediction.probability("bad"));
predictor.close();
Files.delete(file);
