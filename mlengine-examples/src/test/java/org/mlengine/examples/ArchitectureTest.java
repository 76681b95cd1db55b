package org.mlengine.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlengine.examples.internal.EngineFixture;

/**
 * The rules of ARCHITECTURE.md that the compiler does not enforce, checked on the bytecode of
 * every main class of every module (test classes are not imported): the module arrows (the
 * runtime at the bottom, serving on the runtime alone, server and spark on serving), Tribuo and ND4J kept inside core and out
 * of public signatures, Guava out of the library modules' API and SPI signatures, the rooms (no .internal type in an API signature, every public type
 * outside .internal named in its package-info, .spi types with an API status), no source file
 * over 800 lines, and no Java deserialization.
 */
class ArchitectureTest {
  private static final String RUNTIME = "org.mlengine.runtime..";
  private static final String CORE = "org.mlengine.core..";
  private static final String FEATURES = "org.mlengine.features..";
  private static final String EVAL = "org.mlengine.eval..";
  private static final String SERVING = "org.mlengine.serving..";
  private static final String SERVER = "org.mlengine.server..";
  private static final String SPARK = "org.mlengine.spark..";
  private static final String FLINK = "org.mlengine.flink..";
  private static final String EXAMPLES = "org.mlengine.examples..";
  private static final String TRIBUO = "org.tribuo..";
  private static final String ND4J = "org.nd4j..";

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.mlengine");
  }

  @Test
  void import_mainClasses_coverEveryModuleAndNoTests() {
    Set<String> packages = new TreeSet<>();
    for (JavaClass c : classes) {
      packages.add(c.getPackageName());
      assertTrue(!c.getSimpleName().endsWith("Test") && !c.getSimpleName().endsWith("Properties"),
          () -> "a test class was imported: " + c.getName() + " from " + c.getSource());
    }
    for (String module : new String[] {"runtime", "core", "features", "eval", "serving", "server", "spark", "flink", "examples"}) {
      assertTrue(packages.contains("org.mlengine." + module), () -> "no classes of org.mlengine." + module + " imported; got " + packages);
    }
  }

  // ---- (a) the module arrows: core -> runtime; features, eval -> core; serving -> runtime; server -> serving; examples -> all ----

  @Test
  void runtime_dependsOnNoOtherModule() {
    noClasses().that().resideInAPackage(RUNTIME)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, FEATURES, EVAL, SERVING, SERVER, SPARK, FLINK, EXAMPLES)
        .because("the runtime is at the bottom of the module arrows: a bundle loads and scores with it alone"
            + " (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void runtime_andServing_useNoTrainingStack() {
    noClasses().that().resideInAnyPackage(RUNTIME, SERVING, SERVER, SPARK, FLINK)
        .should().dependOnClassesThat().resideInAnyPackage(TRIBUO, ND4J, "com.oracle.labs.mlrg.olcut..",
            "com.google.protobuf..", "org.bytedeco..", "ml.dmlc.xgboost4j..", "com.google.common..")
        .because("a service that only scores gets no Tribuo, OLCUT, protobuf, ND4J, JavaCPP, XGBoost or Guava"
            + " (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void core_dependsOnlyOnRuntime() {
    noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES, EVAL, SERVING, SERVER, SPARK, FLINK, EXAMPLES)
        .because("mlengine-core -> runtime only (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void features_dependsOnlyOnCoreAndRuntime() {
    noClasses().that().resideInAPackage(FEATURES)
        .should().dependOnClassesThat().resideInAnyPackage(EVAL, SERVING, SERVER, SPARK, FLINK, EXAMPLES)
        .because("mlengine-features -> core, runtime (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void eval_dependsOnlyOnCoreAndRuntime() {
    noClasses().that().resideInAPackage(EVAL)
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES, SERVING, SERVER, SPARK, FLINK, EXAMPLES)
        .because("mlengine-eval -> core, runtime (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void serving_dependsOnlyOnRuntime() {
    noClasses().that().resideInAPackage(SERVING)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, FEATURES, EVAL, SERVER, SPARK, FLINK, EXAMPLES)
        .because("mlengine-serving -> runtime only: the predictor needs no training stack (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void server_dependsOnlyOnServingAndRuntime() {
    noClasses().that().resideInAPackage(SERVER)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, FEATURES, EVAL, SPARK, FLINK, EXAMPLES)
        .because("mlengine-server -> serving (and the runtime under it): a model server needs no training stack"
            + " (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void spark_dependsOnlyOnServingAndRuntime() {
    noClasses().that().resideInAPackage(SPARK)
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES, EVAL, SERVER, FLINK, EXAMPLES)
        .because("mlengine-spark -> serving (and the runtime under it): an executor scores with the Predictor and needs no"
            + " training stack (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  /** The classes of mlengine-spark that may name core (a provided dependency): the tuning front door and its tasks. */
  private static final java.util.regex.Pattern SPARK_TUNING = java.util.regex.Pattern.compile(
      "org\\.mlengine\\.spark\\.(MlengineSpark|SparkTrials)(\\$.*)?");

  @Test
  void spark_scoring_dependsOnNoCore() {
    noClasses().that().resideInAPackage(SPARK).and().haveNameNotMatching(SPARK_TUNING.pattern())
        .should().dependOnClassesThat().resideInAPackage(CORE)
        .because("mlengine-core is `provided` in mlengine-spark: only MlengineSpark.tune and the trials' tasks (SparkTrials) name"
            + " it, so a job that only scores never loads a core class (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void flink_dependsOnlyOnServingAndRuntime() {
    noClasses().that().resideInAPackage(FLINK)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, FEATURES, EVAL, SERVER, SPARK, EXAMPLES)
        .because("mlengine-flink -> serving (and the runtime under it): a Flink job that scores needs no training stack"
            + " (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  // ---- (b) Tribuo only inside core, ND4J only in the fit-time SVD of mlengine-features ----

  @Test
  void tribuo_usedByCore_isSeenByTheImport() {
    // Guards the rules above against passing vacuously: core's adapter does use Tribuo.
    EvaluationResult coreUsesTribuo = noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAPackage(TRIBUO).evaluate(classes);
    assertTrue(coreUsesTribuo.hasViolation(), "the import sees no dependency of core on Tribuo; the rules would pass vacuously");
  }

  @Test
  void tribuo_usedOnlyInsideCore() {
    noClasses().that().resideInAPackage("org.mlengine..").and().resideOutsideOfPackage(CORE)
        .should().dependOnClassesThat().resideInAPackage(TRIBUO)
        .because("training data become Tribuo types only inside core's trainer adapter (ARCHITECTURE.md)")
        .check(classes);
  }

  /** The one class that names ND4J: the dense linear algebra of lsa's fit (mlengine-features). */
  private static final String SVD_ND4J = "org.mlengine.features.SvdNd4j";

  /** The fit-time SVD, the only class that calls {@link #SVD_ND4J}. */
  private static final String SVD = "org.mlengine.features.Svd";

  @Test
  void nd4j_usedBySvdNd4j_isSeenByTheImport() {
    // Guards the rules below against passing vacuously.
    EvaluationResult svdUsesNd4j = noClasses().that().haveFullyQualifiedName(SVD_ND4J)
        .should().dependOnClassesThat().resideInAPackage(ND4J).evaluate(classes);
    assertTrue(svdUsesNd4j.hasViolation(), "the import sees no dependency of SvdNd4j on ND4J; the rules would pass vacuously");
  }

  @Test
  void nd4j_usedOnlyByTheFitTimeSvd() {
    noClasses().that().resideInAPackage("org.mlengine..").and().doNotHaveFullyQualifiedName(SVD_ND4J)
        .should().dependOnClassesThat().resideInAPackage(ND4J)
        .because("ND4J does dense linear algebra at fit time only (lsa's SVD) and is never on the predictor's path"
            + " (ARCHITECTURE.md); TopicBundleIsolationTest proves a bundle scores without it")
        .check(classes);
  }

  @Test
  void nd4j_fitTimeSvd_isCalledOnlyByTheSvd() {
    noClasses().that().resideInAPackage("org.mlengine..")
        .and().doNotHaveFullyQualifiedName(SVD).and().doNotHaveFullyQualifiedName(SVD_ND4J)
        .should().dependOnClassesThat().haveFullyQualifiedName(SVD_ND4J)
        .because("only the fit path may reach the class that loads ND4J; transforms and codecs must not")
        .check(classes);
  }

  // ---- (c) no Tribuo or ND4J type in a public signature ----

  private static final ArchRule PUBLIC_SIGNATURES = ArchRuleDefinition.classes().that().resideInAPackage("org.mlengine..")
      .should(exposeNo("org.tribuo or org.nd4j type", ArchitectureTest::isEngineType,
          "keep engine types package-private or wrap them in an org.mlengine type"))
      .because("public signatures expose no Tribuo or ND4J types: the engines stay swappable (ARCHITECTURE.md)");

  @Test
  void publicSignatures_exposeNoTribuoOrNd4jType() {
    PUBLIC_SIGNATURES.check(classes);
  }

  @Test
  void publicSignatures_fixtureLeakingTribuo_reportsEveryLeakAndNothingElse() {
    JavaClasses fixture = new ClassFileImporter().importClasses(LeakyApiFixture.class);
    EvaluationResult result = PUBLIC_SIGNATURES.evaluate(fixture);
    List<String> details = result.getFailureReport().getDetails();
    String all = String.join("\n", details);
    String type = LeakyApiFixture.class.getName();
    assertAll(
        () -> assertEquals(5, details.size(), all),
        () -> assertTrue(all.contains(type + ".model has type org.tribuo.Model"), all),
        () -> assertTrue(all.contains(type + ".<init>(org.tribuo.Example) takes org.tribuo.Example"), all),
        () -> assertTrue(all.contains(type + ".models() returns java.util.List<org.tribuo.Model<?>>"), all),
        () -> assertTrue(all.contains(type + ".bounded(org.tribuo.Output) takes T"), all),
        () -> assertTrue(all.contains(type + ".bounded(org.tribuo.Output) has type parameter T"), all),
        () -> assertFalse(all.contains("hidden") || all.contains("internal") || all.contains("names"), all));
  }

  // ---- (c') no Guava type in a library module's API or SPI signature ----

  /** The API and SPI types of the library modules: everything a user of the published jars can name. */
  private static final DescribedPredicate<JavaClass> LIBRARY_API =
      JavaClass.Predicates.resideInAnyPackage(RUNTIME, CORE, FEATURES, EVAL, SERVING, SERVER, SPARK, FLINK)
          .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("..internal..")))
          .as("types of the library modules' API and SPI packages");

  private static final ArchCondition<JavaClass> EXPOSE_NO_GUAVA = exposeNo("com.google.common (Guava) type",
      c -> c.getPackageName().startsWith("com.google.common"),
      "use java.util types (List.copyOf, Map.copyOf keep them immutable) or an org.mlengine type such as"
          + " org.mlengine.runtime.IntArray");

  private static final ArchRule NO_GUAVA_IN_API = ArchRuleDefinition.classes().that(LIBRARY_API).should(EXPOSE_NO_GUAVA)
      .because("Guava is an implementation dependency of core, features and eval: users must not need it to call the"
          + " API, and we must be free to upgrade or drop it");

  @Test
  void publicSignatures_exposeNoGuavaType() {
    NO_GUAVA_IN_API.check(classes);
  }

  @Test
  void publicSignatures_fixtureLeakingGuava_reportsEveryLeakAndNothingElse() {
    JavaClasses fixture = new ClassFileImporter().importClasses(GuavaLeakFixture.class);
    List<String> details = ArchRuleDefinition.classes().should(EXPOSE_NO_GUAVA).evaluate(fixture).getFailureReport().getDetails();
    String all = String.join("\n", details);
    String type = GuavaLeakFixture.class.getName();
    assertAll(
        () -> assertEquals(5, details.size(), all),
        () -> assertTrue(all.contains(type + ".rows has type com.google.common.primitives.ImmutableIntArray"), all),
        () -> assertTrue(all.contains(type + ".<init>(com.google.common.collect.ImmutableMap) takes"
            + " com.google.common.collect.ImmutableMap<java.lang.String, java.lang.Integer>"), all),
        () -> assertTrue(all.contains(type + ".names() returns com.google.common.collect.ImmutableList<java.lang.String>"), all),
        () -> assertTrue(all.contains(type + ".groups() returns java.util.List<com.google.common.collect.ImmutableSet<"
            + "java.lang.String>>"), all),
        () -> assertTrue(all.contains(type + ".check(java.lang.String) throws com.google.common.base.VerifyException"), all),
        () -> assertTrue(all.contains("; use java.util types (List.copyOf, Map.copyOf keep them immutable)"), all),
        () -> assertFalse(all.contains("hidden") || all.contains("internal") || all.contains("plain"), all));
  }

  @Test
  void noGuavaRule_coversTheLibraryModulesApiAndSpi_notTheirInternalsOrTheExamples() {
    assertAll(
        () -> assertTrue(LIBRARY_API.test(classes.get("org.mlengine.core.Partition"))),
        () -> assertTrue(LIBRARY_API.test(classes.get("org.mlengine.core.spi.FitContext"))),
        () -> assertTrue(LIBRARY_API.test(classes.get("org.mlengine.runtime.IntArray"))),
        () -> assertTrue(LIBRARY_API.test(classes.get("org.mlengine.features.Features"))),
        () -> assertTrue(LIBRARY_API.test(classes.get("org.mlengine.eval.Metrics"))),
        () -> assertTrue(LIBRARY_API.test(classes.get("org.mlengine.serving.Predictor"))),
        () -> assertTrue(LIBRARY_API.test(classes.get("org.mlengine.spark.MlengineSpark"))),
        () -> assertFalse(LIBRARY_API.test(classes.get("org.mlengine.core.internal.LeakageAudit"))),
        () -> assertFalse(LIBRARY_API.test(classes.get("org.mlengine.examples.Cli"))));
  }

  /**
   * For a class a user can name (public, and every enclosing class public): its supertypes and the
   * types in the signatures of its public and protected fields, methods and constructors (return
   * type, parameters, declared exceptions, type parameters' bounds, generic arguments).
   */
  private static ArchCondition<JavaClass> exposeNo(String what, Predicate<JavaClass> forbidden, String advice) {
    return new ArchCondition<>("expose no " + what + " in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (!isVisibleToUsers(c)) {
          return;
        }
        Exposure exposure = new Exposure(forbidden, advice);
        Optional<JavaType> superclass = c.getSuperclass();
        superclass.ifPresent(s -> exposure.report(c, "extends", s, events));
        for (JavaType i : c.getInterfaces()) {
          exposure.report(c, "implements", i, events);
        }
        for (JavaType v : c.getTypeParameters()) {
          exposure.report(c, "has type parameter", v, events);
        }
        for (JavaField f : c.getFields()) {
          if (isApi(f)) {
            exposure.report(f, "has type", f.getType(), events);
          }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (!isApi(u) || u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            continue;
          }
          exposure.report(u, "returns", u.getReturnType(), events);
          for (JavaType p : u.getParameterTypes()) {
            exposure.report(u, "takes", p, events);
          }
          for (JavaClass t : u.getExceptionTypes()) {
            exposure.report(u, "throws", t, events);
          }
          for (JavaType v : u.getTypeParameters()) {
            exposure.report(u, "has type parameter", v, events);
          }
        }
      }
    };
  }

  private static boolean isVisibleToUsers(JavaClass c) {
    for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
      if (!k.get().getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isApi(JavaMember m) {
    Set<JavaModifier> modifiers = m.getModifiers();
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  /** Reports each forbidden type a signature involves (raw type and generic arguments). */
  private record Exposure(Predicate<JavaClass> forbidden, String advice) {
    void report(Object owner, String what, JavaType type, ConditionEvents events) {
      Set<String> found = new LinkedHashSet<>();
      for (JavaClass raw : type.getAllInvolvedRawTypes()) {
        if (forbidden.test(raw)) {
          found.add(raw.getName());
        }
      }
      for (String exposed : found) {
        String owned = owner instanceof JavaMember m ? m.getFullName() : ((JavaClass) owner).getName();
        events.add(SimpleConditionEvent.violated(owner, owned + " " + what + " " + type.getName() + ", which exposes " + exposed + "; " + advice));
      }
    }
  }

  private static boolean isEngineType(JavaClass c) {
    String name = c.getName();
    return name.startsWith("org.tribuo.") || name.startsWith("org.nd4j.");
  }

  // ---- (e) rooms: the API in each module's top package, extension points in .spi, the engine in .internal ----

  private static final ArchRule NO_INTERNAL_TYPE_IN_API = ArchRuleDefinition.classes().that().resideInAPackage("org.mlengine..")
      .and().resideOutsideOfPackage("..internal..")
      .should(exposeNo("type of an mlengine .internal package",
          c -> c.getPackageName().startsWith("org.mlengine.") && c.getPackageName().contains(".internal"),
          "the .internal packages are the engine, free to change: keep their types out of API signatures"
              + " (another library's own, such as Spark's SQLConf in the cache serializer Spark's interface makes us implement,"
              + " is that library's choice)"))
      .because("users may name the API and .spi types; the engine stays swappable (ARCHITECTURE.md, Modules)");

  @Test
  void publicSignatures_exposeNoInternalType() {
    NO_INTERNAL_TYPE_IN_API.check(classes);
  }

  @Test
  void publicSignatures_fixtureLeakingAnInternalType_reportsEveryLeakAndNothingElse() {
    JavaClasses fixture = new ClassFileImporter().importClasses(InternalLeakFixture.class, EngineFixture.class);
    List<String> details = NO_INTERNAL_TYPE_IN_API.evaluate(fixture).getFailureReport().getDetails();
    String all = String.join("\n", details);
    String type = InternalLeakFixture.class.getName();
    String engine = EngineFixture.class.getName();
    assertAll(
        () -> assertEquals(3, details.size(), all),
        () -> assertTrue(all.contains(type + ".engine has type " + engine), all),
        () -> assertTrue(all.contains(type + ".<init>(" + engine + ") takes " + engine), all),
        () -> assertTrue(all.contains(type + ".engines() returns java.util.List<" + engine + ">"), all),
        () -> assertFalse(all.contains("hidden") || all.contains("names"), all));
  }

  @Test
  void publicTypes_ofApiAndSpiPackages_areListedInTheirPackageInfo() throws IOException {
    Map<String, String> packageInfos = new TreeMap<>();
    for (Path source : mainSources()) {
      if (source.getFileName().toString().equals("package-info.java")) {
        String text = Files.readString(source);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^package ([\\w.]+);").matcher(text);
        assertTrue(m.find(), () -> source + " has no package line");
        packageInfos.put(m.group(1), text);
      }
    }
    List<String> unlisted = new ArrayList<>();
    for (JavaClass c : classes) {
      if (c.isTopLevelClass() && c.getModifiers().contains(JavaModifier.PUBLIC) && !c.getPackageName().contains(".internal")
          && !c.getSimpleName().equals("package-info")) {
        String info = packageInfos.get(c.getPackageName());
        if (info == null) {
          unlisted.add(c.getPackageName() + " (no package-info.java)");
        } else if (!linksTo(info, c.getSimpleName())) {
          unlisted.add(c.getName());
        }
      }
    }
    assertEquals(List.of(), unlisted.stream().distinct().toList(),
        "every public type outside .internal is API or SPI and is linked ({@link Name}) from its package-info.java, by role;"
            + " make the others package-private or move them to the module's .internal package");
  }

  /** Whether a package-info's text links to the type: {@code {@link Name}} or a qualified name, across line breaks. */
  static boolean linksTo(String packageInfo, String simpleName) {
    String text = packageInfo.replaceAll("\\s*\\n\\s*\\*\\s*", " ");
    return java.util.regex.Pattern.compile("\\{@link\\s+([\\w.]+\\.)?" + simpleName + "[\\s}#(]").matcher(text).find();
  }

  @Test
  void linksTo_namesInProseOrOtherLinks_doNotCount() {
    String info = "/**\n * <li>Data: {@link org.x.Table} (read with {@link\n *     org.x.CsvOptions}), Row and {@link RowKernel#apply}.\n */";
    assertTrue(linksTo(info, "Table"));
    assertTrue(linksTo(info, "CsvOptions"));
    assertTrue(linksTo(info, "RowKernel"));
    assertFalse(linksTo(info, "Row"), "named in prose only");
    assertFalse(linksTo(info, "Options"), "the end of another name");
  }

  @Test
  void publicTypes_outsideInternal_showAnExampleInTheirJavadoc() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path source : mainSources()) {
      String name = source.getFileName().toString();
      if (!name.equals("package-info.java") && !source.toString().contains("/internal/")) {
        for (String type : publicTypesWithoutExample(Files.readString(source))) {
          missing.add(source.getFileName() + ": " + type);
        }
      }
    }
    assertEquals(List.of(), missing, "STYLE.md 10: every public type's Javadoc has a one-sentence summary and a short"
        + " <pre>{@code ...}</pre> example of its use");
  }

  @Test
  void publicTypesWithoutExample_ofAFixture_findsTopLevelAndNestedTypes() {
    String source = "/** A thing.\n * <pre>{@code new Thing()}</pre> */\npublic final class Thing {\n"
        + "  /** Its kind. */\n  public enum Kind { A }\n  @Deprecated\n  public static final class Old {}\n"
        + "  /** Fine.\n   * <pre>{@code Thing.Fine.of()}</pre>\n   */\n  @SuppressWarnings(\"x\")\n  public record Fine() {}\n"
        + "  static final class Hidden {}\n}\n";
    assertEquals(List.of("Kind", "Old"), publicTypesWithoutExample(source));
  }

  private static final java.util.regex.Pattern PUBLIC_TYPE = java.util.regex.Pattern.compile(
      "(/\\*\\*(?:(?!\\*/).)*\\*/\\s*)?(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*public\\s+(?:(?:static|final|abstract|sealed|non-sealed)\\s+)*"
          + "(?:class|interface|enum|record|@interface)\\s+(\\w+)", java.util.regex.Pattern.DOTALL);

  /** The public types declared in a source file whose Javadoc has no {@code <pre>{@code} example. */
  static List<String> publicTypesWithoutExample(String source) {
    List<String> missing = new ArrayList<>();
    java.util.regex.Matcher m = PUBLIC_TYPE.matcher(source);
    while (m.find()) {
      if (m.group(1) == null || !m.group(1).contains("<pre>{@code")) {
        missing.add(m.group(2));
      }
    }
    return missing;
  }

  @Test
  void spiTypes_carryAnApiStatus() {
    ArchRuleDefinition.classes().that().resideInAPackage("..spi..").and().arePublic()
        .and(new com.tngtech.archunit.base.DescribedPredicate<JavaClass>("visible to users") {
          @Override
          public boolean test(JavaClass c) {
            return isVisibleToUsers(c) && !c.isAnonymousClass() && !c.getSimpleName().equals("package-info");
          }
        })
        .should().beAnnotatedWith(org.apiguardian.api.API.class)
        .because("extension points say how stable they are, as JUnit 5's do (org.apiguardian.api.API)")
        .check(classes);
  }

  /** The longest a source file in src/main may be. */
  private static final int MAX_LINES = 800;

  @Test
  void mainSources_haveNoFileOver800Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    List<Path> sources = mainSources();
    assertTrue(sources.size() > 100, () -> "found only " + sources.size() + " main sources under " + REPO.toAbsolutePath());
    for (Path source : sources) {
      long lines;
      try (Stream<String> all = Files.lines(source)) {
        lines = all.count();
      }
      if (lines > MAX_LINES) {
        tooLong.add(REPO.relativize(source) + " (" + lines + " lines)");
      }
    }
    assertEquals(List.of(), tooLong, "split files over " + MAX_LINES + " lines by what they hold");
  }

  /** The longest a method or constructor in src/main may be, from its signature to its closing brace. */
  private static final int MAX_METHOD_LINES = 60;

  @Test
  void mainSources_haveNoMethodOver60Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    int methods = 0;
    for (Path source : mainSources()) {
      for (int[] span : methodSpans(Files.readString(source))) {
        methods++;
        if (span[1] - span[0] + 1 > MAX_METHOD_LINES) {
          tooLong.add(REPO.relativize(source) + ":" + span[0] + " (" + (span[1] - span[0] + 1) + " lines)");
        }
      }
    }
    assertTrue(methods > 2000, "found only " + methods + " methods; the scanner is broken");
    assertEquals(List.of(), tooLong, "split methods over " + MAX_METHOD_LINES + " lines into named steps");
  }

  @Test
  void methodSpans_ofAFixture_findMethodsAndConstructorsButNotBlocksOrLambdas() {
    String source = String.join("\n",
        "class A {",                                    // 1
        "  @Override",                                  // 2
        "  public String toString() {",                 // 3
        "    if (true) { return \"}{\"; }",           // 4
        "    Runnable r = () -> { };",                  // 5
        "    return new Object() {",                    // 6
        "      int x() throws java.io.IOException {",   // 7
        "        return 1; // }",                       // 8
        "      }",                                      // 9
        "    }.toString();",                            // 10
        "  }",                                          // 11
        "  A(int a) { }",                               // 12
        "  static { }",                                 // 13
        "}");
    assertEquals(List.of("7-9", "3-11", "12-12"), methodSpans(source).stream().map(s -> s[0] + "-" + s[1]).toList());
  }

  /**
   * The line spans of the methods and constructors in one source file: each body opened by a
   * brace right after a parameter list (or its throws clause) directly inside a type body,
   * including anonymous classes. Comments, strings and character literals are blanked first.
   */
  static List<int[]> methodSpans(String source) {
    String text = blankLiteralsAndComments(source);
    List<int[]> spans = new ArrayList<>();
    java.util.Deque<int[]> open = new java.util.ArrayDeque<>();  // {kind: 0 other, 1 type, 2 method; start line}
    int line = 1;
    int headerStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c == '{') {
        String header = text.substring(headerStart, i).strip();
        boolean inType = !open.isEmpty() && open.peek()[0] == 1;
        int kind;
        if (header.matches("(?s).*\\b(class|interface|enum|record)\\b.*") || header.matches("(?s).*\\bnew\\s+[\\w.<>, ?]+\\s*\\([^()]*\\)$")) {
          kind = 1;
        } else if (inType && header.matches("(?s).*\\)(\\s*throws\\s+[\\w.,\\s<>]+)?$")) {
          kind = 2;
        } else {
          kind = 0;
        }
        String signature = header.replaceAll("(?s)^(@\\w+(\\([^)]*\\))?\\s*)+", "");
        int start = line - (int) signature.chars().filter(ch -> ch == '\n').count();
        open.push(new int[] {kind, start});
        headerStart = i + 1;
      } else if (c == '}') {
        int[] block = open.pop();
        if (block[0] == 2) {
          spans.add(new int[] {block[1], line});
        }
        headerStart = i + 1;
      } else if (c == ';') {
        headerStart = i + 1;
      }
    }
    return spans;
  }

  /** The source with comments, strings, text blocks and character literals blanked, line breaks kept. */
  private static String blankLiteralsAndComments(String source) {
    StringBuilder out = new StringBuilder(source);
    int i = 0;
    while (i < source.length()) {
      int end = literalOrCommentEnd(source, i);
      for (int k = i; k < end; k++) {
        if (out.charAt(k) != '\n') {
          out.setCharAt(k, ' ');
        }
      }
      i = Math.max(end, i + 1);
    }
    return out.toString();
  }

  /** Where the comment or literal starting at {@code i} ends (exclusive), or {@code i} when none starts there. */
  private static int literalOrCommentEnd(String s, int i) {
    if (s.startsWith("//", i)) {
      int n = s.indexOf('\n', i);
      return n < 0 ? s.length() : n;
    }
    if (s.startsWith("/*", i)) {
      int n = s.indexOf("*/", i + 2);
      return n < 0 ? s.length() : n + 2;
    }
    if (s.startsWith("\"\"\"", i)) {
      int n = s.indexOf("\"\"\"", i + 3);
      return n < 0 ? s.length() : n + 3;
    }
    char quote = s.charAt(i);
    if (quote != '"' && quote != '\'') {
      return i;
    }
    int k = i + 1;
    while (k < s.length() && s.charAt(k) != quote) {
      k += s.charAt(k) == '\\' ? 2 : 1;
    }
    return Math.min(s.length(), k + 1);
  }

  /** The repository's root: this module's parent directory. */
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  private static List<Path> mainSources() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> modules = Files.newDirectoryStream(REPO, "mlengine-*")) {
      for (Path module : modules) {
        Path main = module.resolve("src/main/java");
        if (Files.isDirectory(main)) {
          try (Stream<Path> files = Files.walk(main)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(out::add);
          }
        }
      }
    }
    return out;
  }

  // ---- (c2) library code never prints ----

  /**
   * Library modules report through {@code System.Logger} or a listener, never to the process's
   * streams, which belong to the application (a command line's own output, a server's logs).
   */
  private static ArchRule libraryNeverPrints() {
    return noClasses().that().resideInAnyPackage(RUNTIME, CORE, FEATURES, EVAL, SERVING, SPARK, FLINK)
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .because("library code reports through System.Logger or a listener; System.out and System.err belong to the application");
  }

  @Test
  void libraryModules_neverAccessSystemOutOrErr() {
    libraryNeverPrints().check(classes);
  }

  @Test
  void libraryNeverPrints_onAFixtureThatPrints_reportsEveryAccessAndNothingElse() {
    JavaClasses fixture = new ClassFileImporter().importClasses(
        org.mlengine.serving.fixture.PrintingFixture.class, org.mlengine.serving.fixture.LoggingFixture.class);
    EvaluationResult result = libraryNeverPrints().evaluate(fixture);
    assertTrue(result.hasViolation(), "the rule missed the fixture's System.out and System.err");
    String printing = org.mlengine.serving.fixture.PrintingFixture.class.getName();
    List<String> violations = result.getFailureReport().getDetails();
    assertEquals(3, violations.size(), () -> String.join("\n", violations));
    assertAll(
        () -> assertTrue(violations.stream().anyMatch(v -> v.contains(printing + ".toOut()") && v.contains("System.out")),
            () -> String.join("\n", violations)),
        () -> assertTrue(violations.stream().anyMatch(v -> v.contains(printing + ".toErr()") && v.contains("System.err")),
            () -> String.join("\n", violations)),
        () -> assertTrue(violations.stream().anyMatch(v -> v.contains(printing + ".printer()") && v.contains("System.out")),
            () -> String.join("\n", violations)),
        () -> assertFalse(violations.stream().anyMatch(v -> v.contains("LoggingFixture")), () -> String.join("\n", violations)));
  }

  // ---- (d) no Java deserialization ----

  @Test
  void noClass_usesObjectInputStream() {
    ArchRule rule = noClasses().that().resideInAPackage("org.mlengine..")
        .should().dependOnClassesThat().areAssignableTo(ObjectInputStream.class)
        .because("loading never runs Java deserialization (ARCHITECTURE.md, ModelBundle)");
    rule.check(classes);
  }
}
