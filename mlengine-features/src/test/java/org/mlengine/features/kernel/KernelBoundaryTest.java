package org.mlengine.features.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel package holds what a saved bundle needs to apply its steps, and nothing else: the
 * next step moves it wholesale into mlengine-runtime, which has no fit side, no ND4J and no
 * Tribuo. These rules keep it movable.
 */
class KernelBoundaryTest {
  private static final String KERNEL = "org.mlengine.features.kernel";

  /**
   * The classes of org.mlengine.core that move to mlengine-runtime; the kernel may use these and
   * no other core class.
   */
  private static final Set<String> RUNTIME = Set.of(
      "Table", "Row", "Schema", "Column", "ColumnType", "SparseVector", "InvalidInputException", "FittedTransform",
      "TransformCodec", "RowKernel", "RowBuffer", "Slots", "EventTransform", "EventQuery", "EventSource", "History",
      "Retention", "Json", "LinearModel", "TreeModel", "ForestModel", "BoostedModel", "ScoringModel",
      // the learning task a mean encoding's state records (classification or regression)
      "Task");

  private static JavaClasses kernel;

  @BeforeAll
  static void importKernel() {
    kernel = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(KERNEL);
  }

  @Test
  void kernel_isImported_soTheRulesDoNotPassVacuously() {
    assertTrue(kernel.contain(KERNEL + ".BuiltInSteps"), "the import holds no kernel class");
    assertTrue(kernel.contain(KERNEL + ".BagOfWordsTransform"), "the import holds no kernel transform");
  }

  @Test
  void kernel_dependsOnNothingOfTheFitSide() {
    noClasses().that().resideInAPackage(KERNEL + "..")
        .should().dependOnClassesThat(resideInFitSide())
        .because("the kernel moves into mlengine-runtime, which has no fit side (Features, the steps, CrossFit,"
            + " TargetStatistics, LdaFit, Svd, TextAugmenter live in org.mlengine.features)")
        .check(kernel);
  }

  @Test
  void kernel_dependsOnNoNd4jOrTribuo() {
    noClasses().that().resideInAPackage(KERNEL + "..")
        .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..", "org.tribuo..")
        .because("a service that only scores gets no ND4J and no Tribuo (ARCHITECTURE.md)")
        .check(kernel);
  }

  @Test
  void kernel_usesOnlyTheRuntimeClassesOfCore() {
    noClasses().that().resideInAPackage(KERNEL + "..")
        .should().dependOnClassesThat(coreOutsideRuntime())
        .because("only " + RUNTIME + " of org.mlengine.core move to mlengine-runtime; Pipeline, Extractor,"
            + " FitContext, Split, Trainer, Metric and the rest stay behind")
        .check(kernel);
  }

  @Test
  void coreOutsideRuntime_flagsTheFitSideOfCore_andNotTheRuntime() {
    JavaClasses core = new ClassFileImporter().importClasses(
        org.mlengine.core.FitContext.class, org.mlengine.core.Extractor.class, org.mlengine.runtime.Table.class);
    assertTrue(coreOutsideRuntime().test(core.get(org.mlengine.core.FitContext.class)));
    assertTrue(coreOutsideRuntime().test(core.get(org.mlengine.core.Extractor.class)));
    assertFalse(coreOutsideRuntime().test(core.get(org.mlengine.runtime.Table.class)));
  }

  private static DescribedPredicate<JavaClass> resideInFitSide() {
    return DescribedPredicate.describe("reside in org.mlengine.features outside the kernel",
        c -> c.getPackageName().equals("org.mlengine.features")
            || (c.getPackageName().startsWith("org.mlengine.features.") && !c.getPackageName().startsWith(KERNEL)));
  }

  private static DescribedPredicate<JavaClass> coreOutsideRuntime() {
    return DescribedPredicate.describe("are classes of org.mlengine.core that do not move to the runtime",
        c -> c.getPackageName().equals("org.mlengine.core")
            && !RUNTIME.contains(c.getName().substring("org.mlengine.core.".length()).split("\\$")[0]));
  }
}
