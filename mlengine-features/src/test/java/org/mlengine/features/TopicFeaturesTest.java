package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.EmbeddingTransform;
import org.mlengine.runtime.internal.steps.LdaCodec;
import org.mlengine.runtime.internal.steps.LdaTransform;
import org.mlengine.runtime.internal.steps.LsaCodec;
import org.mlengine.runtime.internal.steps.LsaTransform;
import org.mlengine.runtime.internal.steps.TopicTerms;

/**
 * The topic and embedding steps: {@code lsa} against scikit-learn's {@code TruncatedSVD}, {@code
 * lda} against scikit-learn's {@code LatentDirichletAllocation}, {@code embeddings} on a tiny
 * vectors file, determinism, outputs and the exact messages for bad input.
 *
 * <p>Reference values were computed with scikit-learn 1.2.1 (see each test) and pasted here; the
 * tests do not need Python.
 */
class TopicFeaturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The training corpus of the reference checks; the last text is missing. */
  static final String[] CORPUS = {
    "The cat sat on the mat", "the dog sat on the log", "the cat chased the dog off the mat",
    "dogs and cats are pets", "stock markets fell as the dog barked", "markets rallied and stocks rose",
    "the cat watched stock markets", null
  };

  static final List<String> VOCABULARY = List.of("and", "are", "as", "barked", "cat", "cats", "chased", "dog", "dogs",
      "fell", "log", "markets", "mat", "off", "on", "pets", "rallied", "rose", "sat", "stock", "stocks", "the",
      "watched");

  static Table train() {
    double[] y = new double[CORPUS.length];
    for (int r = 0; r < y.length; r++) {
      y[r] = r % 2;
    }
    return Table.builder().text("t", CORPUS).numeric("y", y).build();
  }

  static FitContext context(Table table, long seed) {
    return FitContext.of(table, "y", Split.random(0.8), seed);
  }

  static Table texts(String... docs) {
    return Table.builder().text("t", docs).build();
  }

  static double[] row(Table table, List<String> columns, int r) {
    double[] out = new double[columns.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = table.numeric(columns.get(j), r);
    }
    return out;
  }

  static Path resource(String name) {
    try {
      return Path.of(TopicFeaturesTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  // ---- lsa ----

  /*
   * scikit-learn 1.2.1:
   *   X = TfidfVectorizer().fit_transform(CORPUS with None as "")
   *   svd = TruncatedSVD(n_components=3, algorithm="arpack").fit(X)
   *   C = svd.components_, each row's sign flipped so that its entry of largest magnitude is positive
   *   singular values: svd.singular_values_; test topics: TfidfVectorizer.transform(test) @ C.T
   */
  private static final double[] SINGULAR = {1.5814165787588637, 1.1151267198075312, 1.018329195028646};

  private static final double[][] COMPONENTS = {
    {0.017111244506071266, 0.0018479940043825503, 0.08875562001754446, 0.0887556200175443, 0.30819733017026285,
      0.0018479940043825468, 0.12281495180021294, 0.26053641606489697, 0.0018479940043825468, 0.0887556200175443,
      0.14868811991046846, 0.1744709108174066, 0.24491664615632888, 0.12281495180021294, 0.2666003802984367,
      0.0018479940043825468, 0.018569250681418292, 0.018569250681418292, 0.2666003802984367, 0.1866246566528298,
      0.018569250681418292, 0.6888727487650823, 0.13392609538500466},
    {0.3894889392335365, 0.17668900604453572, 0.14950269118509737, 0.14950269118509737, 0.022617461330292996,
      0.1766890060445356, -0.04525947388985602, 0.005226783514568004, 0.1766890060445356, 0.14950269118509737,
      -0.09701584302125159, 0.4465356540967098, -0.12455661243695633, -0.04525947388985602, -0.1679324890835095,
      0.1766890060445356, 0.288051648670705, 0.288051648670705, -0.1679324890835095, 0.2760619780450938,
      0.288051648670705, -0.11625920697472598, 0.17989619924586958},
    {-0.3384373648802057, -0.323662260491218, 0.20197992698572653, 0.20197992698572653, 0.04537370289278095,
      -0.323662260491218, -0.03233753727283048, 0.045737628904643716, -0.323662260491218, 0.20197992698572653,
      -0.10639833883966353, 0.2390448146181065, -0.12234564652322949, -0.03233753727283048, -0.1844143782952022,
      -0.323662260491218, -0.08016333425877706, -0.08016333425877706, -0.1844143782952022, 0.3442023004804895,
      -0.08016333425877706, -0.07094295480983227, 0.20872442522151333},
  };

  private static final String[] TEST = {"a cat and a dog on a log", "markets fell", "", "zebra", "The cat sat on the mat"};

  private static final double[][] TEST_TOPICS = {
    {0.42945445150981343, 0.05857080914047125, -0.25769371121986123},
    {0.17416040623365722, 0.38281600872326926, 0.30374749667074996},
    {0.0, 0.0, 0.0},
    {0.0, 0.0, 0.0},
    {0.8356950733975441, -0.25351177083431575, -0.23244406113632227},
  };

  @Test
  void lsa_smallCorpus_equalsScikitLearnArpackUpToSign() {
    LsaTransform lsa = (LsaTransform) Features.lsa("t").topics(3).fit(context(train(), 7));
    assertEquals(VOCABULARY, lsa.terms().vocabularies().get(0).terms());
    assertArrayEquals(SINGULAR, lsa.singularValues(), 1e-12);
    double[][] components = lsa.components();
    for (int j = 0; j < 3; j++) {
      assertArrayEquals(COMPONENTS[j], components[j], 1e-12, "component " + j);
    }
    Table out = lsa.apply(texts(TEST));
    List<String> topics = List.of("t_topic0", "t_topic1", "t_topic2");
    assertEquals(topics, out.columnNames());
    for (int r = 0; r < TEST.length; r++) {
      assertArrayEquals(TEST_TOPICS[r], row(out, topics, r), 1e-12, TEST[r]);
    }
  }

  @Test
  void lsa_components_areOrthonormal() {
    LsaTransform lsa = (LsaTransform) Features.lsa("t").topics(5).fit(context(train(), 3));
    double[][] c = lsa.components();
    for (int i = 0; i < c.length; i++) {
      for (int j = 0; j < c.length; j++) {
        double dot = 0;
        for (int w = 0; w < c[i].length; w++) {
          dot += c[i][w] * c[j][w];
        }
        assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12, i + "·" + j);
      }
    }
  }

  @Test
  void lsa_oneRowOrOneTerm_fitsOneTopic() {
    LsaTransform oneRow = (LsaTransform) Features.lsa("t").topics(1)
        .fit(context(Table.builder().text("t", "the cat sat").numeric("y", 1).build(), 1));
    double w = 1 / Math.sqrt(3);
    assertArrayEquals(new double[] {w, w, w}, oneRow.components()[0], 1e-15);
    assertArrayEquals(new double[] {1.0}, oneRow.singularValues(), 1e-15);
    LsaTransform oneTerm = (LsaTransform) Features.lsa("t").topics(1)
        .fit(context(Table.builder().text("t", "cat", "cat cat", null).numeric("y", 1, 0, 1).build(), 1));
    assertArrayEquals(new double[] {1.0}, oneTerm.components()[0]);
    assertArrayEquals(new double[] {Math.sqrt(2)}, oneTerm.singularValues(), 1e-15);
  }

  @Test
  void lsa_sameSeed_givesTheSameStateJson() throws Exception {
    LsaCodec codec = new LsaCodec();
    String first = JSON.writeValueAsString(codec.write(Features.lsa("t").topics(2).fit(context(train(), 11))));
    String again = JSON.writeValueAsString(codec.write(Features.lsa("t").topics(2).fit(context(train(), 11))));
    String otherSeed = JSON.writeValueAsString(codec.write(Features.lsa("t").topics(2).fit(context(train(), 12))));
    assertEquals(first, again);
    // exact on a small corpus: the seed changes nothing beyond rounding, and signs are fixed
    LsaTransform a = (LsaTransform) new LsaCodec().read(JSON.readTree(first));
    LsaTransform b = (LsaTransform) new LsaCodec().read(JSON.readTree(otherSeed));
    for (int j = 0; j < 2; j++) {
      assertArrayEquals(a.components()[j], b.components()[j], 1e-12);
    }
  }

  @Test
  void lsa_configuredBagOfWords_isUsedForTheTerms() {
    LsaTransform lsa = (LsaTransform) Features.lsa(Features.tfidf("t").minDf(2).sublinearTf()).topics(2)
        .fit(context(train(), 1));
    assertEquals(List.of("and", "cat", "dog", "markets", "mat", "on", "sat", "stock", "the"),
        lsa.terms().vocabularies().get(0).terms());
    assertEquals(Map.of("columns", List.of("t"), "topics", 2, "terms", Features.tfidf("t").minDf(2).sublinearTf().spec()),
        Features.lsa(Features.tfidf("t").minDf(2).sublinearTf()).topics(2).spec());
  }

  @Test
  void lsa_output_dropsTheTextAndAppendsNumericTopics() {
    Table table = Table.builder().numeric("a", 1, 2).text("t", "the cat", null).numeric("b", 3, 4).build();
    FittedTransform lsa = Features.lsa("t").topics(2).fit(context(train(), 1));
    Table out = lsa.apply(table);
    assertEquals(List.of("a", "b", "t_topic0", "t_topic1"), out.columnNames());
    assertEquals(ColumnType.NUMERIC, out.type("t_topic1"));
    assertArrayEquals(new double[] {0, 0}, row(out, List.of("t_topic0", "t_topic1"), 1), "missing text gives zeros");
  }

  @Test
  void lsa_moreTopicsThanTerms_saysWhichLimitAndHowToFix() {
    Table small = Table.builder().text("t", "cat dog", "dog cat", "cat", "dog", "cat cat", "dog dog").numeric("y", 0, 1, 0, 1, 0, 1)
        .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.lsa("t").topics(3).fit(context(small, 1)));
    assertEquals("lsa: topics(3) is more than the 2 terms learned from column 't'; a truncated SVD finds at most one"
        + " topic per term. Lower topics to at most 2, or keep more terms (a lower minDf, a higher maxDf or"
        + " maxFeatures).", e.getMessage());
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> Features.lsa("t").topics(9).fit(context(train(), 1)));
    assertEquals("lsa: topics(9) is more than the 8 training rows; a truncated SVD finds at most one topic per"
        + " training row. Lower topics to at most 8, or train on more rows.", rows.getMessage());
  }

  @Test
  void lsa_defaultHundredTopics_onASmallCorpus_isRefusedWithTheVocabularySize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.lsa("t").fit(context(train(), 1)));
    assertTrue(e.getMessage().startsWith("lsa: topics(100) is more than the 23 terms learned from column 't'"),
        e.getMessage());
  }

  @Test
  void lsa_nonTextColumn_isReportedAsTheOtherStepsDo() {
    Table table = Table.builder().numeric("t", 1, 2).numeric("y", 0, 1).build();
    assertEquals(List.of("column 't' is NUMERIC; lsa needs TEXT. Declare it with CsvOptions.text(\"t\") or drop it."),
        Fixtures.problems(Features.lsa("t"), table));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Features.lsa("t").topics(1).fit(context(table, 1)));
    assertEquals("column 't' is NUMERIC; lsa needs TEXT. Declare it with CsvOptions.text(\"t\") or drop it.", e.getMessage());
    assertEquals(List.of("column 't' is NUMERIC; lda needs TEXT. Declare it with CsvOptions.text(\"t\") or drop it."),
        Fixtures.problems(Features.lda("t"), table));
    assertEquals(List.of("column 't' is NUMERIC; embeddings needs TEXT. Declare it with CsvOptions.text(\"t\") or drop it."),
        Fixtures.problems(Features.embeddings("t").vectors(resource("tiny_glove.txt")), table));
  }

  @Test
  void lsa_textColumnAtApply_mustStillBeText() {
    FittedTransform lsa = Features.lsa("t").topics(2).fit(context(train(), 1));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> lsa.apply(Table.builder().numeric("t", 1.5).build()));
    assertEquals("column 't' is NUMERIC; lsa expects TEXT. Send strings in it, with null for a missing value.", e.getMessage());
    assertEquals("t", e.column());
  }

  @Test
  void lsa_badOptions_sayWhatToGive() {
    assertEquals("topics(0) must be between 1 and 1000; each topic is one output column. scikit-learn advises 100 for"
        + " LSA, e.g. topics(100)",
        assertThrows(IllegalArgumentException.class, () -> Features.lsa("t").topics(0)).getMessage());
    assertEquals("Features.lsa(...) reads one text column, but the bag of words reads 2: [a, b]; add one lsa step"
        + " per column.",
        assertThrows(IllegalArgumentException.class, () -> Features.lsa(Features.tfidf("a", "b"))).getMessage());
    assertEquals("Features.lsa(...) got a null column name; give each column's name as the table spells it",
        assertThrows(IllegalArgumentException.class, () -> Features.lsa((String) null)).getMessage());
  }

  // ---- lda ----

  /*
   * scikit-learn 1.2.1, LatentDirichletAllocation(n_components=3, learning_method="batch",
   * max_doc_update_iter=100, mean_change_tol=0.0, doc_topic_prior=0.5, topic_word_prior=0.2),
   * on CountVectorizer().fit_transform(CORPUS with None as "") as float64; components_ set to
   * LDA_INIT (below) and five batch EM steps run as fit() runs them but with random_init=False:
   *   _, ss = lda._e_step(X, cal_sstats=True, random_init=False)
   *   lda.components_ = lda.topic_word_prior_ + ss
   *   lda.exp_dirichlet_component_ = np.exp(_dirichlet_expectation_2d(lda.components_))
   * then lda.components_ and lda.transform(CountVectorizer.transform(LDA_TEST)). LdaFit trains with
   * scikit-learn's tolerance (next test); tolerance 0 here checks the fixed-step update itself.
   */
  static double[][] ldaInit(int k, int size) {
    double[][] init = new double[k][size];
    for (int j = 0; j < k; j++) {
      for (int w = 0; w < size; w++) {
        init[j][w] = 0.5 + ((j * 7 + w * 3) % 11) / 10.0;
      }
    }
    return init;
  }

  private static final double[][] LDA_COMPONENTS = {
    {0.20019444076870024, 0.200104795317211, 1.1925279354539264, 1.1922811018242658, 2.449016231157574,
      0.20014078096948917, 1.199376617244889, 3.1978040270844033, 0.20010478488122516, 1.1926068312538154,
      1.1991919322504019, 0.2050200543157945, 2.1993644007918043, 1.199376617442094, 2.1992846930665686,
      0.20010477364728466, 0.20006396497390802, 0.20006396497440604, 2.199284691416392, 0.20708747101617245,
      0.20006396497408582, 8.934917827392908, 0.20095105616881226},
    {0.744414279641542, 1.198569910158407, 0.20669654255354872, 0.20694209101477873, 0.9502958516138811,
      1.1704794761756279, 0.20026315764504976, 0.20175268229882676, 1.1985726503589291, 0.2066180842142142,
      0.2003275566608445, 2.156493145771524, 0.20027039051906656, 0.20026315744475873, 0.20029794056046316,
      1.1985755937364786, 0.20016577409874275, 0.20016577411133285, 0.20029794199145226, 2.1923142766511723,
      0.2001657741030758, 0.46452397774425597, 1.1986341910343374},
    {1.655391279589747, 0.2013252945243762, 0.2007755219925108, 0.20077680716094135, 0.20068791722853152,
      0.2293797428548751, 0.20036022511005142, 0.2004432906167611, 0.20132256475983973, 0.20077508453195622,
      0.2004805110887434, 1.2384867999126683, 0.2003652086891203, 0.20036022511313747, 0.2004173663729593,
      0.20131963261623106, 1.1997702609273455, 1.1997702609142575, 0.2004173665921469, 0.20059825233264503,
      1.199770260922835, 0.20055819486282364, 0.20041475279684368},
  };

  private static final String[] LDA_TEST = {
    "a cat and a dog on a log", "markets fell", "", "zebra", "The cat sat on the mat", "stock stock stock"
  };

  private static final double[][] LDA_MIXTURES = {
    {0.6875230021567759, 0.08568465918122403, 0.2267923386620002},
    {0.42333876850225177, 0.3758363910837623, 0.20082484041398593},
    {0.3333333333333333, 0.3333333333333333, 0.3333333333333333},
    {0.3333333333333333, 0.3333333333333333, 0.3333333333333333},
    {0.8645013030202284, 0.06870803502479177, 0.06679066195497985},
    {0.11116426458868256, 0.777583657056079, 0.11125207835523852},
  };

  @Test
  void lda_batchVariationalBayes_fromAGivenStart_equalsScikitLearn() {
    BagOfWordsTransform counts = TextFits.bagOfWords(Features.bagOfWords("t"), train());
    TopicTerms terms = new TopicTerms(counts);
    assertEquals(VOCABULARY, counts.vocabularies().get(0).terms());
    double[][] lambda = LdaFit.run(terms, CORPUS, ldaInit(3, 23), 0.5, 0.2, 5, 100, 0);
    for (int j = 0; j < 3; j++) {
      // scikit-learn's digamma is a shorter series (error up to ~1e-9); ours is accurate to ~1e-14
      assertArrayEquals(LDA_COMPONENTS[j], lambda[j], 1e-7, "topic " + j);
    }
    LdaTransform lda = new LdaTransform(counts, 0.5, 0.2, 100, LDA_COMPONENTS);
    Table out = lda.apply(texts(LDA_TEST));
    List<String> columns = List.of("t_lda0", "t_lda1", "t_lda2");
    assertEquals(columns, out.columnNames());
    for (int r = 0; r < LDA_TEST.length; r++) {
      assertArrayEquals(LDA_MIXTURES[r], row(out, columns, r), 1e-8, LDA_TEST[r]);
    }
  }

  /* The same, but with scikit-learn's default mean_change_tol=1e-3, as LdaFit trains. */
  private static final double[][] LDA_COMPONENTS_TOLERANCE = {
    {0.20019236538184457, 0.20010605702426984, 1.1925049613652667, 1.1922573179270284, 2.4465531772530134,
      0.20014816233005586, 1.1993775515831364, 3.1977996555824264, 0.2001060448223182, 1.1925841056276376,
      1.1991935408058048, 0.20499757218559012, 2.1993652519223366, 1.199377551789017, 2.1992858557564414,
      0.2001060317029957, 0.20006434717361932, 0.20006434717412827, 2.1992858540627105, 0.2070524637534812,
      0.2000643471738009, 8.932300847128019, 0.20094300437366244},
    {0.6879058183888513, 1.1983971739660455, 0.20672621107176262, 0.20697258422175122, 0.95276460243954,
      1.158606672862965, 0.20026436160338615, 0.20176024964893488, 1.1984007625978945, 0.2066474994255912,
      0.2003288121857378, 2.158214266643544, 0.20027170018258586, 0.20026436139584616, 0.20029925413805086,
      1.1984046119961362, 0.2001674764603607, 0.20016747647333105, 0.20029925561152062, 2.1923568511015183,
      0.20016747646482266, 0.46714455477519434, 1.1986473486145082},
    {1.7119018162292934, 0.2014967690096788, 0.20076882756295633, 0.20077009785120614, 0.20068222030743268,
      0.24124516480697106, 0.20035808681346753, 0.20044009476862953, 0.20149319257978143, 0.20076839494675697,
      0.20047764700844703, 1.2367881611708522, 0.20036304789506929, 0.2003580868151269, 0.20041489010549884,
      0.20148935630086243, 1.1997681763660164, 1.1997681763525372, 0.20041489032576043, 0.20059068514498993,
      1.1997681763613728, 0.20055459809677476, 0.20040964701182276},
  };

  @Test
  void lda_trainingWithScikitLearnsTolerance_equalsScikitLearn() {
    TopicTerms terms = new TopicTerms(TextFits.bagOfWords(Features.bagOfWords("t"), train()));
    double[][] lambda = LdaFit.run(terms, CORPUS, ldaInit(3, 23), 0.5, 0.2, 5, 100, LdaFit.TOLERANCE);
    for (int j = 0; j < 3; j++) {
      assertArrayEquals(LDA_COMPONENTS_TOLERANCE[j], lambda[j], 1e-7, "topic " + j);
    }
  }

  @Test
  void lda_sameSeed_givesTheSameStateJson_andAnotherSeedAnotherStart() throws Exception {
    LdaCodec codec = new LdaCodec();
    Lda step = Features.lda("t").topics(3).iterations(4);
    String first = JSON.writeValueAsString(codec.write(step.fit(context(train(), 5))));
    String again = JSON.writeValueAsString(codec.write(step.fit(context(train(), 5))));
    String other = JSON.writeValueAsString(codec.write(step.fit(context(train(), 6))));
    assertEquals(first, again);
    assertNotEquals(first, other);
  }

  @Test
  void lda_aDocument_getsTheSameMixtureAloneInAnyBatchAndOrder() {
    FittedTransform lda = Features.lda("t").topics(4).iterations(3).fit(context(train(), 9));
    Table forward = lda.apply(texts(LDA_TEST));
    String[] reversed = new String[LDA_TEST.length];
    for (int r = 0; r < reversed.length; r++) {
      reversed[r] = LDA_TEST[LDA_TEST.length - 1 - r];
    }
    Table backward = lda.apply(texts(reversed));
    List<String> columns = List.of("t_lda0", "t_lda1", "t_lda2", "t_lda3");
    for (int r = 0; r < LDA_TEST.length; r++) {
      double[] alone = row(lda.apply(texts(LDA_TEST[r])), columns, 0);
      assertArrayEquals(alone, row(forward, columns, r));
      assertArrayEquals(alone, row(backward, columns, LDA_TEST.length - 1 - r));
      assertEquals(1.0, alone[0] + alone[1] + alone[2] + alone[3], 1e-12);
    }
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, row(lda.apply(texts((String) null)), columns, 0));
  }

  @Test
  void lda_spec_showsTheResolvedPriors() {
    assertEquals(Map.of("columns", List.of("t"), "topics", 4, "iterations", 10, "alpha", 0.25, "beta", 0.1,
            "inferenceSteps", 50, "terms", Features.bagOfWords("t").spec()),
        Features.lda("t").topics(4).beta(0.1).inferenceSteps(50).spec());
  }

  @Test
  void lda_weightedBagOfWords_isRefusedWithTheFix() {
    assertEquals("Features.lda(...) models raw word counts, but this bag of words weights terms by tfidf and"
        + " normalizes rows to L2; give Features.bagOfWords(\"t\") with its default counts and no norm (its"
        + " vocabulary options are fine).",
        assertThrows(IllegalArgumentException.class, () -> Features.lda(Features.tfidf("t"))).getMessage());
    assertEquals("alpha(0.0) must be a finite number > 0; smaller values make sparser mixtures, e.g. alpha(0.1)",
        assertThrows(IllegalArgumentException.class, () -> Features.lda("t").alpha(0)).getMessage());
    assertEquals("iterations(0) must be between 1 and 10000; each is one pass over the training rows, e.g."
        + " iterations(20)", assertThrows(IllegalArgumentException.class, () -> Features.lda("t").iterations(0)).getMessage());
  }

  // ---- embeddings ----

  private static Table embeddingTrain() {
    return Table.builder().text("t", "The cat sat", "dog on the mat", null, "markets fell").numeric("y", 0, 1, 0, 1).build();
  }

  @Test
  void embeddings_meanOfKnownTokenVectors_zerosWithoutOne() {
    EmbeddingTransform glove = (EmbeddingTransform) Features.embeddings("t").vectors(resource("tiny_glove.txt"))
        .fit(context(embeddingTrain(), 1));
    // only the training rows' tokens with a vector are kept: not zebra, not Cat, not "on" (no vector)
    assertEquals(List.of("cat", "dog", "fell", "markets", "mat", "sat", "the"), glove.words());
    Table out = glove.apply(texts("the cat and the CAT", "zebra", "", null, "stock markets"));
    List<String> columns = List.of("t_emb0", "t_emb1", "t_emb2");
    assertEquals(columns, out.columnNames());
    assertArrayEquals(new double[] {0.55, 0.1, 0.4}, row(out, columns, 0), 1e-15);
    assertArrayEquals(new double[] {0, 0, 0}, row(out, columns, 1), "zebra has a vector in the file but not in training");
    assertArrayEquals(new double[] {0, 0, 0}, row(out, columns, 2));
    assertArrayEquals(new double[] {0, 0, 0}, row(out, columns, 3));
    assertArrayEquals(new double[] {-1.0, 0.5, 2.0}, row(out, columns, 4), "stock is not in training");
  }

  @Test
  void embeddings_word2vecHeaderAndTrailingSpaces_readTheSame() {
    FittedTransform glove = Features.embeddings("t").vectors(resource("tiny_glove.txt")).fit(context(embeddingTrain(), 1));
    EmbeddingTransform w2v = (EmbeddingTransform) Features.embeddings("t").vectors(resource("tiny_word2vec.txt"))
        .fit(context(embeddingTrain(), 1));
    Table docs = texts("the cat sat on the mat", "markets");
    Fixtures.assertSameTable(glove.apply(docs), w2v.apply(docs));
    assertEquals("tiny_word2vec.txt", w2v.sourceFile());
  }

  @Test
  void embeddings_casedTokenizer_findsTheCasedWord() {
    EmbeddingTransform cased = (EmbeddingTransform) Features.embeddings("t")
        .tokenizer(Features.tokenizer().lowercase(false)).vectors(resource("tiny_glove.txt"))
        .fit(context(Table.builder().text("t", "Cat sat", "cat").numeric("y", 0, 1).build(), 1));
    assertEquals(List.of("Cat", "cat", "sat"), cased.words());
    assertArrayEquals(new double[] {2.0, 2.0, 5.5 / 3},
        row(cased.apply(texts("Cat cat sat")), List.of("t_emb0", "t_emb1", "t_emb2"), 0), 1e-15);
  }

  @Test
  void embeddings_noVectorsFile_isAProblemOfTheStep() {
    assertEquals(List.of("embeddings needs a word vectors file: add .vectors(Path.of(\"glove.6B.50d.txt\")) with a file"
        + " in GloVe or word2vec text format."), Fixtures.problems(Features.embeddings("t"), embeddingTrain()));
    assertEquals(List.of("embeddings reads word vectors file 'no/such/vectors.txt', which does not exist. Check the path."),
        Fixtures.problems(Features.embeddings("t").vectors(Path.of("no/such/vectors.txt")), embeddingTrain()));
  }

  @Test
  void embeddings_noTrainingTokenInTheFile_saysWhatToCheck() {
    Table table = Table.builder().text("t", "quagga okapi", "okapi").numeric("y", 0, 1).build();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Features.embeddings("t").vectors(resource("tiny_glove.txt")).fit(context(table, 1)));
    assertEquals("embeddings finds none of the 2 distinct tokens of column 't' (e.g. [quagga, okapi]) among the 10"
        + " words of word vectors file '" + resource("tiny_glove.txt") + "'. Check that the tokenizer matches the"
        + " file's words (lowercase(false) for cased vectors) and that the file is for this language.", e.getMessage());
  }
}
