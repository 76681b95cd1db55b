package org.mlengine.runtime;

import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.BundleSecurityTest;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import java.nio.file.Path;

/**
 * The child process of {@link BundleSecurityTest}'s kill test: saves a large bundle to the path
 * in its argument again and again, saying so before each save, until it is killed.
 */
public final class SaveUntilKilled {
  private SaveUntilKilled() {}

  /** Saves to {@code args[0]} forever. */
  public static void main(String[] args) throws Exception {
    int rows = 400;
    int dims = 50_000;
    Table base = TestData.binary(rows, 77);
    int[][] idx = new int[rows][];
    double[][] val = new double[rows][];
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int d = 0; d < dims; d++) {
      names.add("w" + d);
    }
    java.util.Random random = new java.util.Random(5);
    for (int r = 0; r < rows; r++) {
      int a = random.nextInt(dims / 2);
      idx[r] = new int[] {a, a + 1 + random.nextInt(dims / 2 - 1)};
      val[r] = new double[] {1, 1};
    }
    ModelBundle big = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.linearSgd().epochs(1))
        .seed(1).build().fit(base.withVector("words", names, idx, val)).bundle();
    Path target = Path.of(args[0]);
    while (true) {
      System.out.println("saving");
      System.out.flush();
      big.save(target);
    }
  }
}
