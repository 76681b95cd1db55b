package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * The special functions behind the p-values and intervals, against SciPy 1.10.1
 * ({@code scipy.special.gammaln}, {@code betaln}, {@code scipy.stats.norm}, {@code chi2},
 * {@code t}, {@code beta}) at 1e-13 relative — and, where SciPy itself is less accurate, against
 * 40-digit mpmath 1.3.0 values (named in the test).
 */
class SpecialTest {

  private static void assertRelative(double expected, double actual, double relative, String what) {
    double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertEquals(expected, actual, relative * scale, what);
  }

  /** {expected SciPy value, our value}. */
  private static final double[][] SCIPY = {
      {690.7755278982137, SpecialFunctions.lnGamma(1e-300)},
      {23.025850929882733, SpecialFunctions.lnGamma(1e-10)},
      {2.252712651734206, SpecialFunctions.lnGamma(0.1)},
      {0.5723649429247, SpecialFunctions.lnGamma(0.5)},
      {0.0, SpecialFunctions.lnGamma(1.0)},
      {-0.12078223763524526, SpecialFunctions.lnGamma(1.5)},
      {0.0, SpecialFunctions.lnGamma(2.0)},
      {0.2846828704729192, SpecialFunctions.lnGamma(2.5)},
      {0.9870985778947343, SpecialFunctions.lnGamma(3.3)},
      {7.534364236758734, SpecialFunctions.lnGamma(7.5)},
      {12.801827480081469, SpecialFunctions.lnGamma(10.0)},
      {18.73434751193645, SpecialFunctions.lnGamma(12.5)},
      {39.339884187199495, SpecialFunctions.lnGamma(20.0)},
      {146.51925549072064, SpecialFunctions.lnGamma(50.5)},
      {359.1342053695754, SpecialFunctions.lnGamma(100.0)},
      {708.1149470389971, SpecialFunctions.lnGamma(171.3)},
      {5908.674175848678, SpecialFunctions.lnGamma(1000.5)},
      {1051287.7089736569, SpecialFunctions.lnGamma(100000.0)},
      {1.1447298858494, SpecialFunctions.lnBeta(0.5, 0.5)},
      {-2.4849066497880004, SpecialFunctions.lnBeta(2.0, 3.0)},
      {-296.89997311025763, SpecialFunctions.lnBeta(87.0, 914.0)},
      {-31.370707597807268, SpecialFunctions.lnBeta(5.0, 1000.0)},
      {-19098.908538220945, SpecialFunctions.lnBeta(10000.0, 20000.0)},
      {-15.076003572521552, SpecialFunctions.lnBeta(12.0, 10.0)},
      {0.0, SpecialFunctions.normalCdf(-40.0)},
      {1.0, SpecialFunctions.normalSf(-40.0)},
      {2.7536241186061556e-89, SpecialFunctions.normalCdf(-20.0)},
      {1.0, SpecialFunctions.normalSf(-20.0)},
      {5.2055697448902465e-17, SpecialFunctions.normalCdf(-8.3)},
      {1.0, SpecialFunctions.normalSf(-8.3)},
      {2.866515718791933e-07, SpecialFunctions.normalCdf(-5.0)},
      {0.9999997133484281, SpecialFunctions.normalSf(-5.0)},
      {0.0013498980316300933, SpecialFunctions.normalCdf(-3.0)},
      {0.9986501019683699, SpecialFunctions.normalSf(-3.0)},
      {0.024997895148220435, SpecialFunctions.normalCdf(-1.96)},
      {0.9750021048517795, SpecialFunctions.normalSf(-1.96)},
      {0.15865525393145707, SpecialFunctions.normalCdf(-1.0)},
      {0.8413447460685429, SpecialFunctions.normalSf(-1.0)},
      {0.3085375387259869, SpecialFunctions.normalCdf(-0.5)},
      {0.6914624612740131, SpecialFunctions.normalSf(-0.5)},
      {0.49999601057719606, SpecialFunctions.normalCdf(-1e-05)},
      {0.500003989422804, SpecialFunctions.normalSf(-1e-05)},
      {0.5, SpecialFunctions.normalCdf(0.0)},
      {0.5, SpecialFunctions.normalSf(0.0)},
      {0.500003989422804, SpecialFunctions.normalCdf(1e-05)},
      {0.49999601057719606, SpecialFunctions.normalSf(1e-05)},
      {0.6179114221889526, SpecialFunctions.normalCdf(0.3)},
      {0.3820885778110474, SpecialFunctions.normalSf(0.3)},
      {0.8413447460685429, SpecialFunctions.normalCdf(1.0)},
      {0.15865525393145707, SpecialFunctions.normalSf(1.0)},
      {0.9750021048517795, SpecialFunctions.normalCdf(1.96)},
      {0.024997895148220435, SpecialFunctions.normalSf(1.96)},
      {0.9986501019683699, SpecialFunctions.normalCdf(3.0)},
      {0.0013498980316300933, SpecialFunctions.normalSf(3.0)},
      {0.9999997133484281, SpecialFunctions.normalCdf(5.0)},
      {2.866515718791933e-07, SpecialFunctions.normalSf(5.0)},
      {1.0, SpecialFunctions.normalCdf(8.3)},
      {5.2055697448902465e-17, SpecialFunctions.normalSf(8.3)},
      {-37.0470962993612, SpecialFunctions.normalQuantile(1e-300)},
      {-21.273453560965322, SpecialFunctions.normalQuantile(1e-100)},
      {-9.262340089798409, SpecialFunctions.normalQuantile(1e-20)},
      {-6.361340902404056, SpecialFunctions.normalQuantile(1e-10)},
      {-4.264890793922825, SpecialFunctions.normalQuantile(1e-05)},
      {-3.090232306167813, SpecialFunctions.normalQuantile(0.001)},
      {-2.3263478740408408, SpecialFunctions.normalQuantile(0.01)},
      {-1.9599639845400545, SpecialFunctions.normalQuantile(0.025)},
      {-1.6448536269514729, SpecialFunctions.normalQuantile(0.05)},
      {-1.2815515655446004, SpecialFunctions.normalQuantile(0.1)},
      {-0.5244005127080409, SpecialFunctions.normalQuantile(0.3)},
      {0.0, SpecialFunctions.normalQuantile(0.5)},
      {0.5244005127080407, SpecialFunctions.normalQuantile(0.7)},
      {1.2815515655446004, SpecialFunctions.normalQuantile(0.9)},
      {1.959963984540054, SpecialFunctions.normalQuantile(0.975)},
      {2.3263478740408408, SpecialFunctions.normalQuantile(0.99)},
      {4.753424308817087, SpecialFunctions.normalQuantile(0.999999)},
      {0.04945032836148754, SpecialFunctions.chiSquareSf(3.86, 1.0)},
      {0.920344325445942, SpecialFunctions.chiSquareSf(0.01, 1.0)},
      {0.0006425923603555583, SpecialFunctions.chiSquareSf(14.7, 2.0)},
      {0.01600266512981921, SpecialFunctions.chiSquareSf(8.27, 2.0)},
      {7.989179244951495e-11, SpecialFunctions.chiSquareSf(50.0, 3.0)},
      {0.010994608942135844, SpecialFunctions.chiSquareSf(1000.0, 900.0)},
      {1.2255942330622893e-05, SpecialFunctions.chiSquareSf(1200.0, 1000.0)},
      {0.999993388289439, SpecialFunctions.chiSquareSf(0.5, 10.0)},
      {0.000856641210775301, SpecialFunctions.chiSquareSf(30.0, 10.0)},
      {1.0015302305957817e-62, SpecialFunctions.chiSquareSf(300.0, 5.0)},
      {0.8350402492315872, SpecialFunctions.chiSquareSf(0.001, 0.5)},
      {0.004330533617495452, SpecialFunctions.studentTCdf(-2.91, 19.99145423999538)},
      {0.9950514991764696, SpecialFunctions.studentTCdf(2.85, 20.0)},
      {0.5366738255995971, SpecialFunctions.studentTCdf(0.1, 3.0)},
      {0.4996150086224994, SpecialFunctions.studentTCdf(-0.001, 7.0)},
      {0.0005546313409798294, SpecialFunctions.studentTCdf(-30.0, 2.0)},
      {0.9371670418109989, SpecialFunctions.studentTCdf(5.0, 1.0)},
      {1.1924472823393505e-05, SpecialFunctions.studentTCdf(-1000.0, 1.5)},
      {0.9328772254149731, SpecialFunctions.studentTCdf(1.5, 500.0)},
      {0.7772425549084344, SpecialFunctions.studentTCdf(2.0, 0.5)},
      {0.023056082335755953, SpecialFunctions.betaCdf(0.07, 87.0, 914.0)},
      {0.9248941640411827, SpecialFunctions.betaCdf(0.1, 87.0, 914.0)},
      {0.6875, SpecialFunctions.betaCdf(0.5, 2.0, 3.0)},
      {0.06376856085851985, SpecialFunctions.betaCdf(0.01, 0.5, 0.5)},
      {0.6685414839010846, SpecialFunctions.betaCdf(0.999, 3.0, 0.2)},
      {0.361447139727378, SpecialFunctions.betaCdf(0.9, 50.0, 5.0)},
      {0.07026848607137864, SpecialFunctions.betaQuantile(0.025, 87.0, 914.0)},
      {0.1062078579570212, SpecialFunctions.betaQuantile(0.975, 88.0, 913.0)},
      {0.3857275681323895, SpecialFunctions.betaQuantile(0.5, 2.0, 3.0)},
      {2.4674011002723397e-16, SpecialFunctions.betaQuantile(1e-08, 0.5, 0.5)},
      {0.9999999999999998, SpecialFunctions.betaQuantile(0.999, 3.0, 0.2)},
      {0.3287930277405216, SpecialFunctions.betaQuantile(0.3, 1000.0, 2000.0)},
      {0.07072172426319336, SpecialFunctions.betaQuantile(0.025, 87.5, 913.5)},
      {0.10566414916220122, SpecialFunctions.betaQuantile(0.975, 87.5, 913.5)},
  };

  @Test
  void specialFunctions_gridOfPoints_matchScipyTo1e13Relative() {
    for (int i = 0; i < SCIPY.length; i++) {
      assertRelative(SCIPY[i][0], SCIPY[i][1], 1e-13, "row " + i);
    }
  }

  /**
   * SciPy's {@code t.ppf} (cephes {@code stdtrit}) is accurate to about 1e-9 relative only
   * (e.g. t.ppf(0.3, 2.5) = -0.5973077372806072); these are mpmath roots of the regularized
   * incomplete beta at 40 digits.
   */
  @Test
  void studentTQuantile_matchesMpmath() {
    assertRelative(2.2009851600916393594, SpecialFunctions.studentTQuantile(0.975, 11), 1e-15, "0.975, 11");
    assertRelative(-0.59730773825231749483, SpecialFunctions.studentTQuantile(0.3, 2.5), 1e-14, "0.3, 2.5");
    assertRelative(0.52860567955089573229, SpecialFunctions.studentTQuantile(0.7, 40), 1e-14, "0.7, 40");
    assertRelative(-103.2994677804193443, SpecialFunctions.studentTQuantile(1e-6, 3), 1e-14, "1e-6, 3");
    assertRelative(-3183098861.8379065993, SpecialFunctions.studentTQuantile(1e-10, 1), 1e-14, "1e-10, 1");
    assertRelative(4.5390045047793985382, SpecialFunctions.studentTQuantile(0.9999, 19.99), 1e-14, "0.9999, 19.99");
  }

  /**
   * Where this is closer to mpmath than SciPy: ln B(0.3, 2000) (SciPy -1.1844202412976301),
   * I_0.3(1000, 2000) (SciPy 4.073827916051224e-05) and Φ⁻¹(0.4999).
   */
  @Test
  void specialFunctions_largeArguments_matchMpmath() {
    assertRelative(-1.184420241295008633, SpecialFunctions.lnBeta(0.3, 2000), 1e-15, "lnBeta");
    assertRelative(4.073827916050794256e-5, SpecialFunctions.betaCdf(0.3, 1000, 2000), 1e-14, "betaCdf");
    assertRelative(-2.506628300880350989e-4, SpecialFunctions.normalQuantile(0.4999), 1e-13, "ndtri");
    // t(1e5) at -4: the continued fraction runs ~300 terms; 2e-12 relative is the bound here.
    assertRelative(3.169399877859766960e-5, SpecialFunctions.studentTCdf(-4, 1e5), 2e-12, "t cdf");
  }

  @Test
  void normalQuantile_isTheInverseOfTheCdf() {
    for (double p = 1e-12; p < 1; p = p * 3 + 1e-4) {
      assertRelative(p, SpecialFunctions.normalCdf(SpecialFunctions.normalQuantile(p)), 1e-14, "p " + p);
    }
  }

  @Test
  void betaQuantile_isTheInverseOfTheCdf() {
    double[][] shapes = {{0.5, 0.5}, {2, 3}, {87, 914}, {1000, 2000}, {0.2, 7}};
    for (double[] s : shapes) {
      for (double p : new double[] {1e-8, 0.025, 0.5, 0.975, 0.999}) {
        double x = SpecialFunctions.betaQuantile(p, s[0], s[1]);
        assertRelative(p, SpecialFunctions.betaCdf(x, s[0], s[1]), 1e-12, s[0] + "," + s[1] + " at " + p);
      }
    }
  }
}
