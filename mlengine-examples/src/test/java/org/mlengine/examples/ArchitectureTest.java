package org.mlengine.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.ObjectInputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of ARCHITECTURE.md that the compiler does not enforce, checked on the bytecode of
 * every main class of every module (test classes are not imported): the module arrows, Tribuo
 * and ND4J kept inside core and out of public signatures, and no Java deserialization.
 */
class ArchitectureTest {
  private static final String CORE = "org.mlengine.core..";
  private static final String FEATURES = "org.mlengine.features..";
  private static final String EVAL = "org.mlengine.eval..";
  private static final String SERVING = "org.mlengine.serving..";
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
    for (String module : new String[] {"core", "features", "eval", "serving", "examples"}) {
      assertTrue(packages.contains("org.mlengine." + module), () -> "no classes of org.mlengine." + module + " imported; got " + packages);
    }
  }

  // ---- (a) the module arrows: features, eval -> core; serving -> core, features; examples -> all ----

  @Test
  void core_dependsOnNoOtherModule() {
    noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES, EVAL, SERVING, EXAMPLES)
        .because("core is at the bottom of the module arrows (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void features_dependsOnlyOnCore() {
    noClasses().that().resideInAPackage(FEATURES)
        .should().dependOnClassesThat().resideInAnyPackage(EVAL, SERVING, EXAMPLES)
        .because("mlengine-features -> core only (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void eval_dependsOnlyOnCore() {
    noClasses().that().resideInAPackage(EVAL)
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES, SERVING, EXAMPLES)
        .because("mlengine-eval -> core only (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void serving_dependsOnlyOnCoreAndFeatures() {
    noClasses().that().resideInAPackage(SERVING)
        .should().dependOnClassesThat().resideInAnyPackage(EVAL, EXAMPLES)
        .because("mlengine-serving -> core, features (ARCHITECTURE.md, Modules)")
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
      .should(exposeNoEngineTypes())
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

  /**
   * For a class a user can name (public, and every enclosing class public): its supertypes and the
   * types in the signatures of its public and protected fields, methods and constructors (return
   * type, parameters, declared exceptions, type parameters' bounds, generic arguments).
   */
  private static ArchCondition<JavaClass> exposeNoEngineTypes() {
    return new ArchCondition<>("expose no org.tribuo or org.nd4j type in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (!isVisibleToUsers(c)) {
          return;
        }
        Optional<JavaType> superclass = c.getSuperclass();
        superclass.ifPresent(s -> report(c, "extends", s, events));
        for (JavaType i : c.getInterfaces()) {
          report(c, "implements", i, events);
        }
        for (JavaType v : c.getTypeParameters()) {
          report(c, "has type parameter", v, events);
        }
        for (JavaField f : c.getFields()) {
          if (isApi(f)) {
            report(f, "has type", f.getType(), events);
          }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (!isApi(u) || u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            continue;
          }
          report(u, "returns", u.getReturnType(), events);
          for (JavaType p : u.getParameterTypes()) {
            report(u, "takes", p, events);
          }
          for (JavaClass t : u.getExceptionTypes()) {
            report(u, "throws", t, events);
          }
          for (JavaType v : u.getTypeParameters()) {
            report(u, "has type parameter", v, events);
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

  /** Adds one violation per engine type involved in {@code type} (raw type and generic arguments). */
  private static void report(Object owner, String what, JavaType type, ConditionEvents events) {
    Set<String> engineTypes = new LinkedHashSet<>();
    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
      if (isEngineType(raw)) {
        engineTypes.add(raw.getName());
      }
    }
    for (String engineType : engineTypes) {
      String owned = owner instanceof JavaMember m ? m.getFullName() : ((JavaClass) owner).getName();
      events.add(SimpleConditionEvent.violated(owner,
          owned + " " + what + " " + type.getName() + ", which exposes " + engineType
              + "; keep engine types package-private or wrap them in an org.mlengine type"));
    }
  }

  private static boolean isEngineType(JavaClass c) {
    String name = c.getName();
    return name.startsWith("org.tribuo.") || name.startsWith("org.nd4j.");
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
