package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.LinearModel;

/**
 * {@code Trainers.logisticRegression()}'s L-BFGS engine: its compiled form predicts what the
 * engine computes, it stops at the optimum, it gives the same bits for any thread count, and it
 * reaches scikit-learn's coefficients (reference values from
 * {@code src/test/python/make_logistic_reference.py}, sklearn 1.2.1).
 */
class LogisticEngineProperties {

  // ---- scikit-learn's LogisticRegression(C=0.5): fitted to its optimum, and its default fit (the script's output, pasted) ----

  // BINARY: lbfgs gradient 3.02e-06, largest |coef| difference to newton-cg 8.94e-07
  // BINARY: largest gradient entry at the reference (newton-cg) solution 4.09e-14, n_iter [9]
  static final double[][] BINARY_X = {
      {0.0342, 3.7195, -0.3876},
      {-0.5103, 0.4041, -1.2637},
      {0.5697, 0.8879, -0.6266},
      {-1.8473, 4.1331, -1.0482},
      {0.6804, 0.7269, -1.1895},
      {0.4631, 2.649, -1.1013},
      {-0.1528, 2.3714, -1.4352},
      {-1.5144, 1.79, -1.3353},
      {-1.9203, -0.6281, -1.2338},
      {-1.1932, -1.9849, -0.9817},
      {0.8972, 0.5337, -1.3718},
      {0.385, 2.4345, -1.15},
      {0.5447, 3.0858, -1.1035},
      {-0.8135, 1.6953, -0.8762},
      {1.0988, -1.5692, -1.3308},
      {-0.8382, -2.468, -0.9368},
      {0.5278, -0.4776, -0.3072},
      {0.8219, 2.2548, -0.7991},
      {0.9557, -1.664, -0.693},
      {0.6028, -2.5354, -0.8265},
      {-0.2504, 2.563, -1.2195},
      {-0.0182, 1.6857, -1.4381},
      {0.5986, 0.7901, -0.7538},
      {-0.5218, 3.1724, -0.6974},
      {-0.178, 2.2639, -0.3701},
      {1.7912, -2.1472, -0.5584},
      {0.4651, 0.8123, -1.5033},
      {1.2572, -1.5235, -0.7165},
      {1.3019, -2.1993, -1.1513},
      {-1.3092, 1.4881, -0.2428}};
  static final int[] BINARY_Y = {1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1};
  static final double[] BINARY_W = {0.9, 2.85, 0.73, 0.7, 1.18, 0.85, 2.08, 0.52, 2.71, 2.6, 0.21, 1.72, 0.5, 0.92, 1.37, 1.47, 1.51, 2.8, 0.92, 0.73, 2.08, 2.85, 2.78, 2.66, 0.38, 2.82, 2.02, 2.64, 1.34, 0.81};
  static final double[][] BINARY_COEF = {
      {0.03027723377818236, 1.6647536575715314, -0.15990373912819927}};
  static final double[] BINARY_INTERCEPT = {-0.16154948517736195};
  static final double[][] BINARY_PROBA = {
      {0.0022523732778126915, 0.9977476267221873},
      {0.3323007643472211, 0.6676992356527789},
      {0.19247155399057703, 0.807528446009423},
      {0.0010789107457795932, 0.9989210892542204},
      {0.2210830379972295, 0.7789169620027705},
      {0.011675639940349036, 0.988324360059651},
      {0.017790940267965016, 0.982209059732035},
      {0.04806112525727302, 0.951938874742727},
      {0.7442227422947406, 0.2557772577052594},
      {0.965942969733612, 0.03405703026638793},
      {0.2741933335271656, 0.7258066664728344},
      {0.01651490251484189, 0.9834850974851581},
      {0.00566091276885472, 0.9943390872311453},
      {0.05862476978906672, 0.9413752302109333},
      {0.9260687181972955, 0.0739312818027045},
      {0.9844150525268671, 0.015584947473132915},
      {0.7092064449870361, 0.29079355501296394},
      {0.02309437434519046, 0.9769056256548095},
      {0.9422392817775089, 0.057760718222491084},
      {0.9856839481863355, 0.014316051813664497},
      {0.013484537647618144, 0.9865154623523819},
      {0.0534472114281207, 0.9465527885718793},
      {0.2154414928744781, 0.7845585071255219},
      {0.005402731584625675, 0.9945972684153743},
      {0.02506062631543149, 0.9749393736845685},
      {0.9732103782272105, 0.026789621772789575},
      {0.19074213978043963, 0.8092578602195604},
      {0.9272480979996759, 0.0727519020003241},
      {0.9733855797328916, 0.026614420267108342},
      {0.08989185421058654, 0.9101081457894135}};
  // BINARY: scikit-learn's default fit (tol 1e-4, lbfgs's own stops), n_iter [11]
  static final double[][] BINARY_DEFAULT_PROBA = {
      {0.0022523190312842, 0.9977476809687158},
      {0.33230229084953444, 0.6676977091504656},
      {0.19247265744633435, 0.8075273425536657},
      {0.0010788725457420156, 0.998921127454258},
      {0.22108380440465913, 0.7789161955953409},
      {0.011675440663517445, 0.9883245593364826},
      {0.017790640838987848, 0.9822093591610122},
      {0.048060649939543953, 0.951939350060456},
      {0.7442262180109389, 0.2557737819890611},
      {0.9659441702828562, 0.034055829717143875},
      {0.27419439587483685, 0.7258056041251632},
      {0.01651465525685092, 0.9834853447431491},
      {0.0056607872005973725, 0.9943392127994026},
      {0.058624486569281875, 0.9413755134307181},
      {0.9260707857783651, 0.07392921422163487},
      {0.984415707308328, 0.015584292691672039},
      {0.7092117087645908, 0.2907882912354091},
      {0.023094148314873664, 0.9769058516851263},
      {0.942241263211832, 0.05775873678816805},
      {0.9856845863170342, 0.01431541368296588},
      {0.013484302709540819, 0.9865156972904592},
      {0.05344675003852062, 0.9465532499614794},
      {0.21544271258678704, 0.784557287413213},
      {0.005402620650370893, 0.9945973793496291},
      {0.025060449682519303, 0.9749395503174807},
      {0.9732115152541958, 0.026788484745804194},
      {0.19074225942698342, 0.8092577405730166},
      {0.9272504432557371, 0.07274955674426282},
      {0.9733865925294224, 0.026613407470577593},
      {0.08989202880144098, 0.910107971198559}};
  // THREE: lbfgs gradient 0.000231, largest |coef| difference to newton-cg 0.000113
  // THREE: largest gradient entry at the reference (newton-cg) solution 5.11e-09, n_iter [10000]
  static final double[][] THREE_X = {
      {-0.0068, 3.0923, -0.6292, 4.1719},
      {1.6188, -1.4111, -1.3135, -1.962},
      {-0.1078, 2.9975, -1.011, 3.4876},
      {-1.9108, 1.2941, -1.4535, 7.3262},
      {0.8868, 2.8987, -1.0289, 3.8386},
      {0.6579, 0.3112, -1.2487, 1.6557},
      {-0.6055, -0.1887, -1.1417, -0.1853},
      {0.7663, -2.1922, -0.5882, 0.1233},
      {-0.5459, -1.7017, -1.0721, 1.257},
      {0.1915, -0.0675, -0.9531, 7.4591},
      {0.409, -0.1474, -0.5234, 1.6136},
      {0.5939, 2.2255, -1.1955, -3.7909},
      {-0.3477, 2.1029, -1.1901, 3.3169},
      {0.9795, -0.0882, -0.3843, 6.8654},
      {1.079, 3.3309, -0.4516, 8.7636},
      {0.1859, 1.0042, -0.6984, -0.7246},
      {-1.5532, -0.764, -0.8137, 3.4192},
      {-1.5364, -2.7669, -1.1581, 1.4358},
      {-0.0492, 2.3427, -0.3856, 2.6927},
      {0.6127, -1.1904, -1.5882, 2.7087},
      {0.6647, 2.4525, -0.7036, 4.3525},
      {0.8098, -2.5044, -1.3671, 3.3655},
      {0.5967, -2.0242, -0.4135, 0.6835},
      {-0.2324, 1.5476, -0.6252, -2.2994},
      {0.9899, 1.1546, -1.3854, 1.1742},
      {-2.1858, -0.2952, -0.909, -0.1272},
      {-0.328, 0.7065, -0.9758, 5.0619},
      {-0.0249, 0.4801, -0.7307, 8.2299},
      {-0.3427, 2.0257, -1.7887, 6.0365},
      {0.6594, 3.6656, -1.0295, -1.1284},
      {0.8861, 2.5071, -1.4335, -2.4188},
      {0.4491, 0.6572, 0.3061, 0.1573},
      {-0.5286, 0.7785, -1.8325, -0.6673},
      {1.6444, 0.7372, -1.3042, -1.8157},
      {0.5805, 2.3166, -0.8718, 0.8324},
      {0.3055, 1.7632, -1.3404, 3.867}};
  static final int[] THREE_Y = {1, 2, 1, 0, 1, 1, 0, 2, 0, 1, 2, 2, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0, 1, 1, 1, 2, 2, 1, 0, 2, 1, 1};
  static final double[][] THREE_COEF = {
      {-0.9973590742832055, -0.6319820926963104, -0.5032671635907058, 0.10121675147742906},
      {0.3047963481680822, 0.5501975074069918, 0.5427299688862933, 0.4119435266810139},
      {0.6925627261151235, 0.08178458528931801, -0.03946280529558737, -0.5131602781584436}};
  static final double[] THREE_INTERCEPT = {-0.2152087185273592, 0.024710849667835367, 0.19049786885952194};
  static final double[][] THREE_PROBA = {
      {0.010631217695821267, 0.9811185172809901, 0.008250265023188616},
      {0.060205315370894665, 0.016344192075732407, 0.9234504925533729},
      {0.024387224888964203, 0.9565925950341827, 0.01902018007685309},
      {0.4903702631297134, 0.5092148454435658, 0.0004148914267208794},
      {0.006963371014005862, 0.9713123075279789, 0.021724321458015255},
      {0.2430837045993513, 0.47639219876420497, 0.28052409663644384},
      {0.6928947147726848, 0.09160378874595931, 0.21550149648135578},
      {0.5118944664362889, 0.07424442796949562, 0.4138611055942154},
      {0.9174679951539435, 0.03689756740685265, 0.04563443743920378},
      {0.15025697556716344, 0.8477912425829947, 0.001951781849841982},
      {0.28395250115060267, 0.493226580085958, 0.2228209187634393},
      {0.00815821396673727, 0.02751721855524721, 0.9643245674780154},
      {0.10966644378060326, 0.8595573022434834, 0.03077625397591327},
      {0.041236677989294826, 0.9550155002833427, 0.0037478217273625002},
      {0.00039606825894111927, 0.9994563184995798, 0.00014761324147898294},
      {0.12837299977479197, 0.26201403840755066, 0.6096129618176573},
      {0.9178562270088337, 0.07729091638828403, 0.004852856602882212},
      {0.9932546344340984, 0.003016431550494874, 0.003728934015406559},
      {0.03173795955354475, 0.9309602595837246, 0.03730178086273075},
      {0.6810787203062861, 0.2073844805481116, 0.11153679914560222},
      {0.009620829858977959, 0.9776609942508359, 0.012718175890186223},
      {0.8369100859597001, 0.10768812967056197, 0.05540178436973793},
      {0.5784767225775787, 0.11723822866319265, 0.3042850487592288},
      {0.08413405664708734, 0.1253122574832506, 0.7905536858696621},
      {0.08498620635813493, 0.5190954120164043, 0.39591838162546084},
      {0.9608147106121371, 0.018580907407697116, 0.02060438198016577},
      {0.2292900765872268, 0.7614269590850552, 0.009282964327717915},
      {0.07117983496161241, 0.9281655100272631, 0.0006546550111246129},
      {0.09998528728174552, 0.8961988117600981, 0.003815900958156512},
      {0.007491059623490876, 0.4108345234817478, 0.5816744168947613},
      {0.009951229859429775, 0.0817998408227792, 0.908248929317791},
      {0.07387558693914613, 0.5301104951977647, 0.39601391786308915},
      {0.5316117187322814, 0.10187052855095786, 0.3665177527167607},
      {0.013719176114413345, 0.05157851710808662, 0.9347023067775001},
      {0.032099532073612706, 0.699277859314868, 0.2686226086115194},
      {0.07198819070132537, 0.8962102966539626, 0.031801512644712135}};
  // THREE: scikit-learn's default fit (tol 1e-4, lbfgs's own stops), n_iter [20]
  static final double[][] THREE_DEFAULT_PROBA = {
      {0.010631646876392118, 0.9811188174381938, 0.008249535685413966},
      {0.06019948843889695, 0.016343946664162064, 0.9234565648969411},
      {0.02438794176017986, 0.9565927160200763, 0.019019342219743798},
      {0.490374851647184, 0.509210313254274, 0.0004148350985419864},
      {0.00696372297542819, 0.9713106613339013, 0.021725615690670497},
      {0.2430794976471249, 0.47639534971885844, 0.2805251526340166},
      {0.6929043659880678, 0.09161264194949469, 0.21548299206243746},
      {0.5119095285207014, 0.07425312959273843, 0.41383734188656013},
      {0.9174695832389075, 0.036900880092277974, 0.04562953666881463},
      {0.1502616435265024, 0.8477866381942442, 0.0019517182792533445},
      {0.2839544444448311, 0.493250130690744, 0.22279542486442488},
      {0.008158133506190912, 0.027518766488111957, 0.9643231000056972},
      {0.10966742264525708, 0.8595580361652189, 0.030774541189524066},
      {0.04123830753301623, 0.9550140832944652, 0.0037476091725183697},
      {0.00039611823813867186, 0.9994562600717664, 0.00014762169009500684},
      {0.12837959911367808, 0.2620422741157768, 0.6095781267705452},
      {0.9178526550196816, 0.0772956228332092, 0.004851722147109238},
      {0.9932549181701839, 0.003016803136719197, 0.0037282786930968623},
      {0.031738331516836346, 0.930965987130186, 0.03729568135297774},
      {0.6810684353492656, 0.20738845196328987, 0.11154311268744455},
      {0.009621265625823952, 0.9776607948326439, 0.012717939541532202},
      {0.8369038235506142, 0.10769214605155021, 0.055404030397835556},
      {0.5784938905308883, 0.11725129146529735, 0.3042548180038143},
      {0.08414348111080702, 0.12533594466229525, 0.7905205742268978},
      {0.08498339280778139, 0.5190828173592121, 0.3959337898330064},
      {0.9608178827473411, 0.018583132793335625, 0.020598984459323212},
      {0.22929154982600586, 0.7614263631725645, 0.009282087001429701},
      {0.07118318043642821, 0.928162210154146, 0.0006546094094258036},
      {0.09998942476663229, 0.8961943742302239, 0.003816201003143923},
      {0.007491084857756616, 0.4108383010459116, 0.5816706140963317},
      {0.009950542428881754, 0.08179713218354806, 0.9082523253875701},
      {0.07388110559862145, 0.5301767732681808, 0.3959421211331977},
      {0.5316034081757439, 0.10187584239405248, 0.36652074943020363},
      {0.013717755544484905, 0.05157540504876631, 0.9347068394067488},
      {0.03209981035849203, 0.6992871959803074, 0.26861299366120056},
      {0.07198967997358216, 0.8962077559904557, 0.03180256403596219}};

  /**
   * How close the default fits' probabilities are: both stop early, after the same iterations on
   * the binary set; on the three-class set scipy's line search (More-Thuente) and this one's take
   * different steps, and both stop on the relative reduction about 1e-4 short of the optimum,
   * at different points (measured: probabilities up to 1.5e-4 apart).
   */
  private static final double BINARY_DEFAULT_FIT_TOLERANCE = 1e-9;
  private static final double THREE_DEFAULT_FIT_TOLERANCE = 1e-3;

  /** The reference fits use C = 0.5. */
  private static final double C = 0.5;

  /** Options that run L-BFGS to the optimum itself (the relative-reduction stop is turned off in {@link #tight}). */
  private static LogisticOptions tightOptions() {
    return LogisticOptions.DEFAULTS.withC(C).withTolerance(1e-10).withMaxIterations(10_000).withThreads(1);
  }

  private static LogisticTraining.Fit tight(Trainer.TrainingSet data) {
    return LogisticTraining.fit(data, tightOptions(), 0);
  }

  @Example
  void fit_binaryWithSampleWeights_matchesScikitLearn() {
    Trainer.TrainingSet data = trainingSet(BINARY_X, BINARY_Y, 2, BINARY_W);
    LogisticTraining.Fit fit = tight(data);
    LinearModel model = fit.model();
    // One sigmoid, as scikit-learn: class 1 holds its weights, class 0 holds zeros.
    assertArrayEquals(new double[BINARY_X[0].length], model.weights()[0], 0.0);
    assertEquals(0.0, model.bias()[0], 0.0);
    assertArrayEquals(BINARY_COEF[0], model.weights()[1], 1e-6);
    assertEquals(BINARY_INTERCEPT[0], model.bias()[1], 1e-6);
    assertProbabilities(BINARY_PROBA, model, data.features(), 1e-6);
  }

  @Example
  void fit_threeClasses_matchesScikitLearnsMultinomial() {
    Trainer.TrainingSet data = trainingSet(THREE_X, THREE_Y, 3, null);
    LinearModel model = tight(data).model();
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(THREE_COEF[k], model.weights()[k], 1e-6, "class " + k);
    }
    assertArrayEquals(THREE_INTERCEPT, model.bias(), 1e-6);
    assertProbabilities(THREE_PROBA, model, data.features(), 1e-6);
  }

  /**
   * With the default stops (tolerance 1e-4 and scipy's relative reduction) the engine stops where
   * scikit-learn's own default fit stops, near the optimum rather than at it.
   */
  @Example
  void fit_defaultStops_endWhereScikitLearnsDefaultFitEnds() {
    Trainer.TrainingSet binary = trainingSet(BINARY_X, BINARY_Y, 2, BINARY_W);
    LogisticOptions defaults = LogisticOptions.DEFAULTS.withC(C).withThreads(1);
    LogisticTraining.Fit fit = LogisticTraining.fit(binary, defaults, LogisticTraining.SCIPY_RELATIVE_REDUCTION);
    assertProbabilities(BINARY_DEFAULT_PROBA, fit.model(), binary.features(), BINARY_DEFAULT_FIT_TOLERANCE);
    Trainer.TrainingSet three = trainingSet(THREE_X, THREE_Y, 3, null);
    fit = LogisticTraining.fit(three, defaults, LogisticTraining.SCIPY_RELATIVE_REDUCTION);
    assertProbabilities(THREE_DEFAULT_PROBA, fit.model(), three.features(), THREE_DEFAULT_FIT_TOLERANCE);
  }

  // ---- properties on random data ----

  @Property(tries = 30)
  void denseColumnsAndSparseRows_ofTheSameFeatures_giveTheSameLossGradientAndFit(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 4) int classes,
      @ForAll @IntRange(min = 1, max = 6) int features,
      @ForAll @IntRange(min = 5, max = 1200) int rows,
      @ForAll boolean weighted) {
    Trainer.TrainingSet dense = random(seed, rows, features, classes, weighted);
    if (weighted) {
      for (int r = 0; r < rows; r += 7) {
        dense.weights()[r] = 0; // rows of weight 0 add nothing in either form
      }
    }
    Trainer.TrainingSet sparse = TreeEngineProperties.withSparseRows(dense);
    assertTrue(dense.features().isDense() && !sparse.features().isDense());
    assertSameLossGradientAndFit(sparse, dense, classes, features, seed);
  }

  /** Asserts two forms of the same training set give the same loss and gradient at random parameters, and the same fit. */
  static void assertSameLossGradientAndFit(Trainer.TrainingSet expected, Trainer.TrainingSet actual, int classes, int features, long seed) {
    LogisticLoss expectedLoss = new LogisticLoss(expected.features(), expected.classIndices(), classes, expected.weights(), features, 0.5, null);
    LogisticLoss actualLoss = new LogisticLoss(actual.features(), actual.classIndices(), classes, actual.weights(), features, 0.5, null);
    Random random = new Random(seed);
    double[] x = new double[actualLoss.dimension()];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    double[] expectedGradient = new double[x.length];
    double[] actualGradient = new double[x.length];
    assertEquals(expectedLoss.evaluate(x, expectedGradient), actualLoss.evaluate(x, actualGradient));
    assertArrayEquals(expectedGradient, actualGradient);
    LogisticOptions options = LogisticOptions.DEFAULTS.withThreads(2);
    assertArrayEquals(LogisticTraining.fit(expected, options, LogisticTraining.SCIPY_RELATIVE_REDUCTION).parameters(),
        LogisticTraining.fit(actual, options, LogisticTraining.SCIPY_RELATIVE_REDUCTION).parameters());
  }

  @Property(tries = 40)
  void compiledModel_givesTheEnginesProbabilities(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 4) int classes,
      @ForAll @IntRange(min = 1, max = 6) int features,
      @ForAll @IntRange(min = 5, max = 300) int rows,
      @ForAll boolean weighted) {
    Trainer.TrainingSet data = random(seed, rows, features, classes, weighted);
    LogisticTraining.Fit fit = LogisticTraining.fit(data, LogisticOptions.DEFAULTS.withThreads(2), LogisticTraining.SCIPY_RELATIVE_REDUCTION);
    FeatureMatrix m = data.features();
    for (int r = 0; r < rows; r++) {
      double[] engine = fit.loss().probabilities(fit.parameters(), r);
      double[] compiled = score(fit.model(), m, r);
      assertArrayEquals(engine, compiled, 1e-12, "row " + r);
    }
  }

  /**
   * A sample the property below once drew (jqwik seed -5452481775719054395): the line search
   * along the L-BFGS direction failed at iteration 43, far from the tolerance; forgetting the
   * corrections and searching from steepest descent goes on to it, as L-BFGS-B does.
   */
  @Example
  void fit_whenTheLineSearchAlongTheCorrectionsFails_restartsFromSteepestDescent() {
    fit_withoutTheReductionStop_endsWhereTheGradientIsWithinTolerance(14, 4, 3, 210, 1.6, false);
  }

  @Property(tries = 40)
  void fit_withoutTheReductionStop_endsWhereTheGradientIsWithinTolerance(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 4) int classes,
      @ForAll @IntRange(min = 1, max = 6) int features,
      @ForAll @IntRange(min = 5, max = 300) int rows,
      @ForAll @DoubleRange(min = 0.05, max = 20) double c,
      @ForAll boolean weighted) {
    Trainer.TrainingSet data = random(seed, rows, features, classes, weighted);
    double tolerance = 1e-6;
    LogisticOptions options = LogisticOptions.DEFAULTS.withC(c).withTolerance(tolerance).withMaxIterations(10_000).withThreads(1);
    LogisticTraining.Fit fit = LogisticTraining.fit(data, options, 0);
    assertEquals(Lbfgs.Stop.GRADIENT, fit.result().stop(), fit.result().toString());
    double[] gradient = new double[fit.parameters().length];
    fit.loss().evaluate(fit.parameters(), gradient);
    assertTrue(Lbfgs.maxAbs(gradient) <= tolerance, "largest gradient entry " + Lbfgs.maxAbs(gradient));
  }

  /** The loss's own log1p gives StrictMath's bits, so the loss (and every model) is what it was with StrictMath.log1p. */
  @Property(tries = 20_000)
  void log1p_ofAnyDouble_isStrictMathsBits(@ForAll double x) {
    assertEquals(Double.doubleToLongBits(StrictMath.log1p(x)), Double.doubleToLongBits(LogisticLoss.log1p(x)), "log1p(" + x + ")");
  }

  /** Where the loss calls it: e^-|z| in (0, 1], here for |z| up to 800 (beyond 745 it is 0). */
  @Property(tries = 20_000)
  void log1p_ofTheLossArguments_isStrictMathsBits(@ForAll @DoubleRange(min = 0, max = 800) double z) {
    double t = Math.exp(-z);
    assertEquals(Double.doubleToLongBits(StrictMath.log1p(t)), Double.doubleToLongBits(LogisticLoss.log1p(t)), "log1p(" + t + ")");
  }

  @Example
  void log1p_atTheBranchesEdges_isStrictMathsBits() {
    double[] edges = {0.0, -0.0, Double.MIN_VALUE, 0x1p-54, Math.nextDown(0x1p-54), 0x1p-29, Math.nextDown(0x1p-29), 0x1p-20,
        0.41421356, Math.nextUp(0.41422), 0.5, 1.0, -0.29289, -0.2929, -0.5, -1.0, -2.0, Math.nextUp(-1.0), 0x1p53,
        0x1p54, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    for (double x : edges) {
      assertEquals(Double.doubleToLongBits(StrictMath.log1p(x)), Double.doubleToLongBits(LogisticLoss.log1p(x)), "log1p(" + x + ")");
    }
  }

  /** Sizes around the chunk boundaries (4096 rows a chunk, 16 at most), so several chunks are summed. */
  @Property(tries = 8)
  void fit_oneOrThreeThreads_givesTheSameModelJson(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 3) int classes,
      @ForAll @IntRange(min = 4000, max = 70_000) int rows) {
    Trainer.TrainingSet data = random(seed, rows, 4, classes, seed % 2 == 0);
    String one = LogisticTraining.train(data, LogisticOptions.DEFAULTS.withThreads(1)).model().toJson().toString();
    String three = LogisticTraining.train(data, LogisticOptions.DEFAULTS.withThreads(3)).model().toJson().toString();
    assertEquals(one, three);
  }

  @Example
  void pipeline_oneOrThreeThreads_givesTheSameBundleId() {
    Table table = TestData.binary(12_000, 3);
    Pipeline.Builder builder = Pipeline.builder().target("y").split(Split.stratified(0.8)).bootstrap(0).seed(4);
    var one = builder.trainer(Trainers.logisticRegression().threads(1)).build().fit(table).bundle();
    var three = builder.trainer(Trainers.logisticRegression().threads(3)).build().fit(table).bundle();
    assertEquals(one.id(), three.id());
  }

  @Example
  void fit_maxIterationsReached_keepsTheModelReached() {
    Trainer.TrainingSet data = trainingSet(THREE_X, THREE_Y, 3, null);
    LogisticTraining.Fit fit = LogisticTraining.fit(data, tightOptions().withMaxIterations(2), 0);
    assertEquals(Lbfgs.Stop.MAX_ITERATIONS, fit.result().stop());
    assertEquals(2, fit.result().iterations());
    assertTrue(Lbfgs.maxAbs(fit.model().bias()) > 0, "the model of the last iteration is kept");
  }

  @Example
  void pipeline_maxIterationsReached_warnsInTheResult() {
    Pipeline.Builder builder = Pipeline.builder().target("y").split(Split.stratified(0.8)).seed(4);
    var stopped = builder.trainer(Trainers.logisticRegression().maxIterations(1)).build().fit(TestData.binary(300, 3));
    assertEquals("logistic_regression stopped after maxIterations = 1 L-BFGS iterations without converging (largest gradient"
        + " entry above tolerance 1.0E-4), so the model may be far from the optimum. Put the features on one scale with"
        + " Features.standardize(...), or raise maxIterations(...).", stopped.warnings().get(0));
    var converged = builder.trainer(Trainers.logisticRegression()).build().fit(TestData.binary(300, 3));
    assertTrue(converged.warnings().stream().noneMatch(w -> w.startsWith("logistic_regression")), converged.warnings().toString());
  }

  @Example
  void fit_gradientOverflows_isRefusedAsDivergence_namingC() {
    Table base = TestData.binary(200, 5);
    double[] x1 = base.numericColumn("x1");
    for (int r = 0; r < x1.length; r++) {
      x1[r] *= 1e307;
    }
    Pipeline p = Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.logisticRegression()).bootstrap(0).seed(1).build();
    var e = assertThrows(IllegalStateException.class, () -> p.fit(base.withNumeric("x1", x1)));
    assertEquals("logistic_regression diverged: the trained model holds weights[1][0] = NaN (in model.json's terms); no model or"
        + " bundle was made. Put the features on one scale with Features.standardize(...), or lower c, e.g. c(0.1) (it is 1.0),"
        + " to penalise large weights more.", e.getMessage());
  }

  // ---- helpers ----

  private static void assertProbabilities(double[][] expected, LinearModel model, FeatureMatrix m, double tolerance) {
    for (int r = 0; r < expected.length; r++) {
      assertArrayEquals(expected[r], score(model, m, r), tolerance, "row " + r);
    }
  }

  /** The compiled model's probabilities for row {@code r} of a training matrix in either form. */
  private static double[] score(LinearModel model, FeatureMatrix m, int r) {
    int[] slots = new int[m.entries(r)];
    double[] values = new double[slots.length];
    for (int k = 0; k < slots.length; k++) {
      slots[k] = m.slot(r, k);
      values[k] = m.value(r, k);
    }
    return model.score(slots, values, 0, slots.length);
  }

  static Trainer.TrainingSet trainingSet(double[][] x, int[] y, int classes, double[] weights) {
    Table.Builder table = Table.builder();
    List<String> names = new ArrayList<>();
    for (int f = 0; f < x[0].length; f++) {
      double[] column = new double[x.length];
      for (int r = 0; r < x.length; r++) {
        column[r] = x[r][f];
      }
      table.numeric("x" + f, column);
      names.add("x" + f);
    }
    Table t = table.build();
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      labels.add("c" + k);
    }
    return new Trainer.TrainingSet(Task.CLASSIFICATION, "y", names, FeatureMatrix.Layout.of(t).trainingMatrix(t), labels, y, null, weights);
  }

  /** Features on different scales, classes from a random linear model plus noise, weights in [0, 3) when weighted. */
  static Trainer.TrainingSet random(long seed, int rows, int features, int classes, boolean weighted) {
    Random random = new Random(seed);
    double[][] beta = new double[classes][features];
    for (double[] b : beta) {
      for (int f = 0; f < features; f++) {
        b[f] = random.nextGaussian();
      }
    }
    double[][] x = new double[rows][features];
    int[] y = new int[rows];
    double[] w = weighted ? new double[rows] : null;
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < features; f++) {
        x[r][f] = random.nextGaussian() * (1 + f) + f;
      }
      double best = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        double z = 2 * random.nextGaussian();
        for (int f = 0; f < features; f++) {
          z += beta[k][f] * (x[r][f] - f) / (1 + f);
        }
        if (z > best) {
          best = z;
          y[r] = k;
        }
      }
      if (weighted) {
        w[r] = random.nextInt(4) == 0 ? 0 : 3 * random.nextDouble();
      }
    }
    return trainingSet(x, y, classes, w);
  }
}
