package org.mlengine.core;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.CsvFormatException;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

  private static Table read(String csv) throws IOException {
    return read(csv, CsvOptions.defaults());
  }

  private static Table read(String csv, CsvOptions options) throws IOException {
    return Table.readCsv(new StringReader(csv), "t.csv", options);
  }

  private static CsvFormatException readFails(String csv, CsvOptions options) {
    return assertThrows(CsvFormatException.class, () -> read(csv, options));
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(CsvReaderTest.class.getResource("/" + name).toURI());
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  // ---- type inference -------------------------------------------------------------------

  @Test
  void readCsv_decimalNumbers_infersNumeric() throws IOException {
    Table t = read("x\n12\n-0.5\n.5\n1e-3\n+2\n 3 \n4.\n-1.5E+2\n");

    assertEquals(ColumnType.NUMERIC, t.type("x"));
    assertArrayEquals(new double[] {12, -0.5, 0.5, 0.001, 2, 3, 4, -150}, t.numericColumn("x"));
  }

  @Test
  void readCsv_nanAndInfinity_infersNumericWithNanMissing() throws IOException {
    Table t = read("x\nNaN\nInfinity\n-Infinity\n1\n");

    assertEquals(ColumnType.NUMERIC, t.type("x"));
    assertTrue(t.isMissing("x", 0));
    assertEquals(Double.POSITIVE_INFINITY, t.numeric("x", 1));
    assertEquals(Double.NEGATIVE_INFINITY, t.numeric("x", 2));
  }

  @Test
  void readCsv_javaOnlyNumberForms_infersCategorical() throws IOException {
    Table t = read("hex,suffixed,thousands,exponentOnly\n0x1p3,1d,\"1,234\",1e\n0x10,2f,\"2,000\",2e\n");

    assertEquals(ColumnType.CATEGORICAL, t.type("hex"));
    assertEquals(ColumnType.CATEGORICAL, t.type("suffixed"));
    assertEquals(ColumnType.CATEGORICAL, t.type("thousands"));
    assertEquals(ColumnType.CATEGORICAL, t.type("exponentOnly"));
  }

  @Test
  void readCsv_numbersMixedWithWords_infersCategorical() throws IOException {
    Table t = read("x\n1\n2\nthree\n1\n");

    assertEquals(ColumnType.CATEGORICAL, t.type("x"));
    assertEquals(List.of("1", "2", "three"), t.categories("x"));
  }

  @Test
  void readCsv_isoDatesAndDateTimes_infersTimestamp() throws IOException {
    Table t =
        read(
            "when\n2024-03-01\n2024-03-01T09:30\n2024-03-01 09:30:15.25\n"
                + "2024-03-01T09:30:00+01:00\n2024-03-01T09:30:00Z\n2024-03-01T09:30:00+01:00[Europe/Paris]\nNA\n");

    assertEquals(ColumnType.TIMESTAMP, t.type("when"));
    assertArrayEquals(
        new long[] {
          millis("2024-03-01T00:00:00Z"),
          millis("2024-03-01T09:30:00Z"),
          millis("2024-03-01T09:30:15.250Z"),
          millis("2024-03-01T08:30:00Z"),
          millis("2024-03-01T09:30:00Z"),
          millis("2024-03-01T08:30:00Z"),
          Column.MISSING_TIME
        },
        t.timestampColumn("when"));
  }

  @Test
  void readCsv_localDateTimesWithZone_readsThemInThatZone() throws IOException {
    Table t =
        read(
            "when\n2024-07-01\n2024-07-01T12:00\n2024-07-01T12:00:00Z\n",
            CsvOptions.defaults().zone(ZoneId.of("Europe/Paris")));

    assertArrayEquals(
        new long[] {
          millis("2024-06-30T22:00:00Z"), millis("2024-07-01T10:00:00Z"), millis("2024-07-01T12:00:00Z")
        },
        t.timestampColumn("when"));
  }

  @Test
  void readCsv_impossibleDate_infersCategorical() throws IOException {
    Table t = read("when\n2024-02-28\n2024-02-30\n");

    assertEquals(ColumnType.CATEGORICAL, t.type("when"));
  }

  @Test
  void readCsv_yearsOnly_infersNumeric() throws IOException {
    Table t = read("year\n2023\n2024\n");

    assertEquals(ColumnType.NUMERIC, t.type("year"));
  }

  @Test
  void readCsv_distinctValuesWithSpaces_infersText() throws IOException {
    Table t = read("review\ngreat coffee\nnot for me\n\"tasty, would buy again\"\nNA\nok\n");

    assertEquals(ColumnType.TEXT, t.type("review"));
    assertArrayEquals(
        new String[] {"great coffee", "not for me", "tasty, would buy again", null, "ok"}, t.stringColumn("review"));
  }

  @Test
  void readCsv_repeatedValuesWithSpaces_infersCategorical() throws IOException {
    Table t = read("city\nNew York\nNew York\nSan Francisco\nNew York\n");

    assertEquals(ColumnType.CATEGORICAL, t.type("city"));
    assertEquals(List.of("New York", "San Francisco"), t.categories("city"));
  }

  @Test
  void readCsv_distinctValuesWithoutSpaces_infersCategorical() throws IOException {
    Table t = read("id\nB000J0LSBG\nB000EYLDYE\nB0026LIO9A\n");

    assertEquals(ColumnType.CATEGORICAL, t.type("id"));
  }

  @Test
  void readCsv_halfTheValuesWithSpaces_infersCategorical() throws IOException {
    Table t = read("x\na b\nc d\ne\nf\n");

    assertEquals(ColumnType.CATEGORICAL, t.type("x"));
  }

  @Test
  void readCsv_allMissingColumn_infersNumeric() throws IOException {
    Table t = read("x,y\nNA,1\n,2\n");

    assertEquals(ColumnType.NUMERIC, t.type("x"));
    assertTrue(t.isMissing("x", 0));
    assertTrue(t.isMissing("x", 1));
  }

  @Test
  void readCsv_headerOnly_readsZeroRowsOfNumericColumns() throws IOException {
    Table t = read("a,b\n");

    assertEquals(0, t.rowCount());
    assertEquals(List.of("a", "b"), t.columnNames());
    assertEquals(ColumnType.NUMERIC, t.type("a"));
  }

  @Test
  void readCsv_headerOnlyWithDeclaredTypes_keepsDeclaredTypes() throws IOException {
    Table t = read("a,b\n", CsvOptions.defaults().categorical("a").timestamp("b"));

    assertEquals(ColumnType.CATEGORICAL, t.type("a"));
    assertEquals(ColumnType.TIMESTAMP, t.type("b"));
  }

  @Test
  void readCsv_wordAfterManyNumbers_infersCategoricalWithValuesAsWritten() throws IOException {
    // The reader stores numbers as doubles while they last; the switch must restore the text.
    String[] forms = {"1.50", " 3", "+2", "1e3", "NaN", "NA", "-0", "007", "", "-Infinity"};
    StringBuilder csv = new StringBuilder("x,n\n");
    String[] expected = new String[40_001];
    for (int r = 0; r < 40_000; r++) {
      String v = r % 3 == 0 ? String.valueOf(r * 0.25) : forms[r % forms.length];
      csv.append('"').append(v).append("\",").append(r).append('\n');
      expected[r] = v.equals("NA") || v.isEmpty() ? null : v;
    }
    csv.append("caf\u00E9,1\n");
    expected[40_000] = "caf\u00E9";

    Table t = read(csv.toString());

    assertEquals(ColumnType.CATEGORICAL, t.type("x"));
    assertArrayEquals(expected, t.stringColumn("x"));
    assertEquals(ColumnType.NUMERIC, t.type("n"));
  }

  @Test
  void readCsv_distinctPhrasesAfterNumbers_infersText() throws IOException {
    StringBuilder csv = new StringBuilder("x\n");
    for (int r = 0; r < 100; r++) {
      csv.append(r).append(".0\n");
    }
    for (int r = 0; r < 200; r++) {
      csv.append("phrase ").append(r).append('\n');
    }

    Table t = read(csv.toString());

    assertEquals(ColumnType.TEXT, t.type("x"));
    assertEquals("0.0", t.string("x", 0));
    assertEquals("phrase 199", t.string("x", 299));
  }

  @Test
  void readCsv_wordAfterManyTimestamps_infersCategorical() throws IOException {
    StringBuilder csv = new StringBuilder("when\nNA\n");
    for (int r = 0; r < 20_000; r++) {
      csv.append(r % 2 == 0 ? "2024-03-01" : " 2024-03-01T09:30:00Z").append('\n');
    }
    csv.append("soon\n");

    Table t = read(csv.toString());

    assertEquals(ColumnType.CATEGORICAL, t.type("when"));
    assertEquals(List.of(" 2024-03-01T09:30:00Z", "2024-03-01", "soon"), t.categories("when"));
    assertTrue(t.isMissing("when", 0));
  }

  @Test
  void readCsv_missingValuesThenTimestamps_infersTimestamp() throws IOException {
    Table t = read("when,n\nNA,1\n,2\n2024-03-01,3\n");

    assertEquals(ColumnType.TIMESTAMP, t.type("when"));
    assertArrayEquals(
        new long[] {Column.MISSING_TIME, Column.MISSING_TIME, millis("2024-03-01T00:00:00Z")},
        t.timestampColumn("when"));
  }

  @Test
  void readCsv_numberAfterTimestamps_infersCategorical() throws IOException {
    Table t = read("when\n2024-03-01\n2024\n");

    assertEquals(ColumnType.CATEGORICAL, t.type("when"));
    assertEquals(List.of("2024", "2024-03-01"), t.categories("when"));
  }

  // ---- declared types -------------------------------------------------------------------

  @Test
  void readCsv_categoricalDeclaredOnDigits_readsCategories() throws IOException {
    Table t = read("code,n\n10,1\n2,2\n1,3\n10,4\n", CsvOptions.defaults().categorical("code"));

    assertEquals(ColumnType.CATEGORICAL, t.type("code"));
    assertEquals(List.of("1", "10", "2"), t.categories("code"));
    assertEquals(ColumnType.NUMERIC, t.type("n"));
  }

  @Test
  void readCsv_textDeclared_readsTextEvenWhenRepeated() throws IOException {
    Table t = read("note\nsame\nsame\n", CsvOptions.defaults().text("note"));

    assertEquals(ColumnType.TEXT, t.type("note"));
    assertEquals("same", t.string("note", 1));
  }

  @Test
  void readCsv_numericDeclared_readsNumbersAndMissing() throws IOException {
    Table t = read("x\n1.5\nNA\n-2\n", CsvOptions.defaults().numeric("x").missingValues("NA"));

    assertEquals(ColumnType.NUMERIC, t.type("x"));
    assertEquals(3, t.rowCount());
    assertArrayEquals(new double[] {1.5, Double.NaN, -2}, t.numericColumn("x"));
  }

  @Test
  void readCsv_timestampDeclared_readsTimestamps() throws IOException {
    Table t = read("when\n2024-03-01\n", CsvOptions.defaults().timestamp("when"));

    assertEquals(millis("2024-03-01T00:00:00Z"), t.timestamp("when", 0));
  }

  // ---- missing values -------------------------------------------------------------------

  @Test
  void readCsv_defaultMissingMarkers_readAsMissing() throws IOException {
    Table t = read("x,c\nNA,a\n,NA\n\"NA\",\"\"\n3,b\n");

    assertEquals(ColumnType.NUMERIC, t.type("x"));
    assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN, 3}, t.numericColumn("x"));
    assertArrayEquals(new String[] {"a", null, null, "b"}, t.stringColumn("c"));
  }

  @Test
  void readCsv_customMissingMarkers_replaceTheDefaults() throws IOException {
    Table t = read("x,c\n?,NA\n1,\n2,a\n", CsvOptions.defaults().missingValues("?"));

    assertArrayEquals(new double[] {Double.NaN, 1, 2}, t.numericColumn("x"));
    assertArrayEquals(new String[] {"NA", "", "a"}, t.stringColumn("c"));
  }

  @Test
  void readCsv_markerWithSpaces_isNotMissing() throws IOException {
    Table t = read("c\n NA\nNA\n");

    assertEquals(" NA", t.string("c", 0));
    assertTrue(t.isMissing("c", 1));
  }

  // ---- syntax -----------------------------------------------------------------------------

  @Test
  void readCsv_quotedSeparatorsLineBreaksAndQuotes_readsFieldsWhole() throws IOException {
    Table t = read("id,note\n1,\"a, b\"\n2,\"line one\nline two\"\n3,\"she said \"\"hi\"\"\"\n");

    assertEquals(3, t.rowCount());
    assertArrayEquals(new double[] {1, 2, 3}, t.numericColumn("id"));
    assertArrayEquals(
        new String[] {"a, b", "line one\nline two", "she said \"hi\""}, t.stringColumn("note"));
  }

  @Test
  void readCsv_crlfLineEnds_readsLikeLf() throws IOException {
    Table t = read("a,b\r\n1,x\r\n2,y\r\n");

    assertEquals(2, t.rowCount());
    assertArrayEquals(new String[] {"x", "y"}, t.stringColumn("b"));
  }

  @Test
  void readCsv_semicolonSeparator_splitsOnSemicolons() throws IOException {
    Table t = read("a;b\n1,5;x\n2,5;\"y;z\"\n", CsvOptions.defaults().separator(';'));

    assertEquals(List.of("a", "b"), t.columnNames());
    assertArrayEquals(new String[] {"1,5", "2,5"}, t.stringColumn("a"));
    assertArrayEquals(new String[] {"x", "y;z"}, t.stringColumn("b"));
  }

  @Test
  void readCsv_tabSeparator_keepsEmptyFieldsAsMissing() throws IOException {
    Table t = read("a\tb\n1\tx\n\t\n3\tz\n", CsvOptions.defaults().separator('\t'));

    assertEquals(3, t.rowCount());
    assertArrayEquals(new double[] {1, Double.NaN, 3}, t.numericColumn("a"));
    assertArrayEquals(new String[] {"x", null, "z"}, t.stringColumn("b"));
  }

  @Test
  void readCsv_blankLines_areSkipped() throws IOException {
    Table t = read("\n\na,b\n1,x\n\n   \n2,y\n\n");

    assertEquals(2, t.rowCount());
    assertArrayEquals(new double[] {1, 2}, t.numericColumn("a"));
  }

  @Test
  void readCsv_blankLineInOneColumnFile_isAnEmptyValue() throws IOException {
    Table t = read("a\n1\n\n3\n");

    assertArrayEquals(new double[] {1, Double.NaN, 3}, t.numericColumn("a"));
  }

  @Test
  void readCsv_byteOrderMark_isDropped() throws IOException {
    Table t = read("\uFEFFa,b\n1,2\n");

    assertEquals(List.of("a", "b"), t.columnNames());
  }

  @Test
  void readCsv_byteOrderMarkBeforeQuotedHeader_readsTheNameWithoutQuotes() throws IOException {
    // Issue #14: Excel and R write a BOM, then "Status"; the BOM hid the opening quote.
    Table t = read("\uFEFF\"Status\",\"Income\"\r\n\"good\",120\r\n\"bad\",80\r\n");

    assertEquals(List.of("Status", "Income"), t.columnNames());
    assertEquals(List.of("bad", "good"), t.categories("Status"));
  }

  @Test
  void readCsv_fileWithUtf8ByteOrderMarkAndQuotedHeader_readsTheName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("excel.csv");
    Files.write(file, "\uFEFF\"Status\",\"Income\"\r\ngood,120\r\n".getBytes(StandardCharsets.UTF_8));

    Table t = Table.readCsv(file);

    assertEquals(List.of("Status", "Income"), t.columnNames());
    assertEquals("good", t.string("Status", 0));
  }

  @Test
  void readCsv_byteOrderMarkLaterInTheFile_isKept() throws IOException {
    Table t = read("a,b\n\uFEFFx,1\n");

    assertEquals("\uFEFFx", t.string("a", 0));
  }

  @Test
  void readCsv_spacesAroundCategories_areKept() throws IOException {
    Table t = read("c,n\n  left,1\nright  ,2\n");

    assertArrayEquals(new String[] {"  left", "right  "}, t.stringColumn("c"));
  }

  @Test
  void readCsv_reader_isLeftOpen() throws IOException {
    var closed = new boolean[1];
    var reader =
        new StringReader("a\n1\n") {
          @Override
          public void close() {
            closed[0] = true;
            super.close();
          }
        };

    Table.readCsv(reader, "t.csv", CsvOptions.defaults());

    assertFalse(closed[0]);
  }

  @Test
  void readCsv_fileWithQuotedLineBreaks_readsEveryRecord() throws Exception {
    Table t = Table.readCsv(resource("quoted.csv"));

    assertEquals(4, t.rowCount());
    assertEquals(ColumnType.CATEGORICAL, t.type("amount"));
    assertArrayEquals(
        new String[] {"fine, thanks", "two\nlines", "she said \"hi\"", "three\nmore\nlines"},
        t.stringColumn("comment"));
  }

  // ---- errors -----------------------------------------------------------------------------

  @Test
  void readCsv_declaredNumericWithWord_throwsNamingLineAndColumn() {
    CsvFormatException e =
        readFails("Status,Income\ngood,120\nbad,abc\n", CsvOptions.defaults().numeric("Income"));

    assertEquals(
        "t.csv line 3, column 'Income' (2): 'abc' is not a number; the column is declared NUMERIC. Fix the value,"
            + " mark it missing with CsvOptions.missingValues(...), or declare the column CATEGORICAL.",
        e.getMessage());
    assertEquals(3, e.line());
    assertEquals("Income", e.column());
  }

  @Test
  void readCsv_badValueAfterMultiLineFields_reportsPhysicalLine() throws Exception {
    Path path = resource("quoted.csv");
    CsvFormatException e =
        assertThrows(
            CsvFormatException.class, () -> Table.readCsv(path, CsvOptions.defaults().numeric("amount")));

    assertEquals(
        path + " line 6, column 'amount' (3): 'x' is not a number; the column is declared NUMERIC. Fix the value,"
            + " mark it missing with CsvOptions.missingValues(...), or declare the column CATEGORICAL.",
        e.getMessage());
    assertEquals(6, e.line());
  }

  @Test
  void readCsv_declaredNumericWithLongMultiLineValue_showsItShortened() {
    CsvFormatException e =
        readFails(
            "n,x\n1,\"first line\nsecond line of a value much longer than sixty characters\"\n",
            CsvOptions.defaults().numeric("x"));

    assertEquals(
        "t.csv line 2, column 'x' (2): 'first line\\nsecond line of a value much longer than sixty...'"
            + " is not a number; the column is declared NUMERIC. Fix the value, mark it missing with"
            + " CsvOptions.missingValues(...), or declare the column CATEGORICAL.",
        e.getMessage());
  }

  @Test
  void readCsv_declaredTimestampWithBadValue_throwsNamingLineAndColumn() {
    CsvFormatException e =
        readFails("id,when\n1,2024-03-01\n2,01/03/2024\n", CsvOptions.defaults().timestamp("when"));

    assertEquals(
        "t.csv line 3, column 'when' (2): '01/03/2024' is not an ISO-8601 date or date-time such as 2024-03-01,"
            + " 2024-03-01T09:30:00 or 2024-03-01T09:30:00Z; the column is declared TIMESTAMP. Fix the value,"
            + " mark it missing with CsvOptions.missingValues(...), or declare the column CATEGORICAL.",
        e.getMessage());
    assertEquals(3, e.line());
    assertEquals("when", e.column());
  }

  @Test
  void readCsv_recordWithTooFewFields_throwsNamingLine() {
    CsvFormatException e = readFails("a,b,c,d\n1,2,3,4\n\"x\ny\",2,3,4\n1,2,3\n", CsvOptions.defaults());

    assertEquals(
        "t.csv line 5 has 3 fields but the header has 4 columns; every record needs one field per column."
            + " Check for a missing or extra separator ',', and enclose fields that contain it in double quotes.",
        e.getMessage());
    assertEquals(5, e.line());
    assertNull(e.column());
  }

  @Test
  void readCsv_badValueBeforeRaggedRecord_reportsTheFirstProblemInTheFile() {
    CsvFormatException e = readFails("a,b\n1,x\n2\n", CsvOptions.defaults().numeric("b"));

    assertEquals(
        "t.csv line 2, column 'b' (2): 'x' is not a number; the column is declared NUMERIC. Fix the value,"
            + " mark it missing with CsvOptions.missingValues(...), or declare the column CATEGORICAL.",
        e.getMessage());
  }

  @Test
  void readCsv_recordWithTrailingSeparator_throwsNamingLine() {
    CsvFormatException e = readFails("a\tb\n1\t2\t\n", CsvOptions.defaults().separator('\t'));

    assertEquals(
        "t.csv line 2 has 3 fields but the header has 2 columns; every record needs one field per column."
            + " Check for a missing or extra separator (tab), and enclose fields that contain it in double quotes.",
        e.getMessage());
  }

  @Test
  void readCsv_emptyInput_throws() {
    CsvFormatException e = readFails("", CsvOptions.defaults());

    assertEquals(
        "t.csv is empty; expected a header row naming the columns, such as Status,Income,Home, then one record"
            + " per line. Check that this is the right file, or add the header row.",
        e.getMessage());
    assertEquals(1, e.line());
  }

  @Test
  void readCsv_onlyBlankLines_throwsEmpty() {
    CsvFormatException e = readFails("\n  \n\n", CsvOptions.defaults().separator(';'));

    assertEquals(
        "t.csv is empty; expected a header row naming the columns, such as Status;Income;Home, then one record"
            + " per line. Check that this is the right file, or add the header row.",
        e.getMessage());
  }

  @Test
  void readCsv_byteOrderMarkOnly_throwsEmpty() {
    CsvFormatException e = readFails("\uFEFF\r\n", CsvOptions.defaults());

    assertEquals(
        "t.csv is empty; expected a header row naming the columns, such as Status,Income,Home, then one record"
            + " per line. Check that this is the right file, or add the header row.",
        e.getMessage());
  }

  @Test
  void readCsv_headerOnlyWithoutLineEnd_readsZeroRows() throws IOException {
    Table t = read("\uFEFF\"a\",b");

    assertEquals(List.of("a", "b"), t.columnNames());
    assertEquals(0, t.rowCount());
  }

  @Test
  void readCsv_loneCrLineEnds_countAsLines() {
    CsvFormatException e = readFails("a,b\r1,\"x\ry\"\r3\r", CsvOptions.defaults());

    assertEquals(
        "t.csv line 4 has 1 field but the header has 2 columns; every record needs one field per column."
            + " Check for a missing or extra separator ',', and enclose fields that contain it in double quotes.",
        e.getMessage());
    assertEquals(4, e.line());
  }

  @Test
  void readCsv_unclosedQuoteAtEndOfFile_throwsNamingTheRecordLine() {
    CsvFormatException e = readFails("a,b\n1,\"abc", CsvOptions.defaults());

    assertEquals(
        "t.csv line 2: the CSV is malformed (Missing closing quote for value, at line 2, column 7). Expected"
            + " RFC 4180 quoting: a field that contains the separator ',', a double quote or a line break is"
            + " enclosed in double quotes, and a double quote inside it is written twice (\"\"). Fix the quoting"
            + " in the file, or set CsvOptions.separator(...) if the file uses another separator.",
        e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void readCsv_repeatedHeaderName_throws() {
    CsvFormatException e = readFails("Age,Income,Age\n1,2,3\n", CsvOptions.defaults());

    assertEquals(
        "t.csv line 1: the header repeats the name 'Age' (columns 1 and 3); every column needs a unique name."
            + " Rename the repeats in the header.",
        e.getMessage());
    assertEquals(1, e.line());
    assertEquals("Age", e.column());
  }

  @Test
  void readCsv_severalRepeatedHeaderNames_listsEveryRepeat() {
    CsvFormatException e = readFails("\nx,y,x,y,x\n", CsvOptions.defaults());

    assertEquals(
        "t.csv line 2: the header repeats the names 'x' (columns 1, 3 and 5) and 'y' (columns 2 and 4);"
            + " every column needs a unique name. Rename the repeats in the header.",
        e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void readCsv_unnamedHeaderColumn_throws() {
    CsvFormatException e = readFails("\"\",a,b\n\"1\",2,3\n", CsvOptions.defaults());

    assertEquals(
        "t.csv line 1: the header has no name for column 1; every column needs a name. Name it in the header"
            + " (R's write.csv writes an unnamed first column of row names unless called with row.names = FALSE).",
        e.getMessage());
    assertNull(e.column());
  }

  @Test
  void readCsv_declaredColumnNotInHeader_throwsListingTheHeader() {
    CsvFormatException e =
        readFails("Status,Income\ngood,1\n", CsvOptions.defaults().numeric("Incme"));

    assertEquals(
        "t.csv line 1: CsvOptions declares column 'Incme' but the header has ['Status', 'Income'];"
            + " names are case-sensitive. Fix the name in CsvOptions or in the header.",
        e.getMessage());
    assertEquals("Incme", e.column());
  }

  @Test
  void readCsv_severalDeclaredColumnsNotInHeader_namesThemAll() {
    CsvFormatException e =
        readFails("Status, Income\ngood,1\n", CsvOptions.defaults().numeric("Income").categorical("status"));

    assertEquals(
        "t.csv line 1: CsvOptions declares columns 'Income' and 'status' but the header has ['Status', ' Income'];"
            + " names are case-sensitive. Fix the name in CsvOptions or in the header.",
        e.getMessage());
    assertNull(e.column());
  }

  @Test
  void readCsv_unclosedQuote_throwsNamingTheRecordLine() {
    CsvFormatException e = readFails("a,b\n1,2\n\"abc,1\n2,3\n", CsvOptions.defaults());

    assertEquals(
        "t.csv line 3: the CSV is malformed (Missing closing quote for value, at line 5, column 1). Expected"
            + " RFC 4180 quoting: a field that contains the separator ',', a double quote or a line break is"
            + " enclosed in double quotes, and a double quote inside it is written twice (\"\"). Fix the quoting"
            + " in the file, or set CsvOptions.separator(...) if the file uses another separator.",
        e.getMessage());
    assertEquals(3, e.line());
    assertNull(e.column());
  }

  @Test
  void readCsv_textAfterClosingQuote_throwsNamingTheLine() {
    CsvFormatException e = readFails("a,b\n1,2\n3,\"abc\"def\n", CsvOptions.defaults());

    assertEquals(
        "t.csv line 3: the CSV is malformed (Unexpected character ('d' (code 100)): Expected column separator"
            + " character (',' (code 44)) or end-of-line, at line 3, column 9). Expected RFC 4180 quoting: a"
            + " field that contains the separator ',', a double quote or a line break is enclosed in double"
            + " quotes, and a double quote inside it is written twice (\"\"). Fix the quoting in the file, or set"
            + " CsvOptions.separator(...) if the file uses another separator.",
        e.getMessage());
    assertEquals(3, e.line());
  }

  @Test
  void readCsv_fileNotUtf8_throwsNamingTheBytesLineAndColumn(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, new byte[] {'c', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});

    CsvFormatException e = assertThrows(CsvFormatException.class, () -> Table.readCsv(file));

    assertEquals(
        file + " line 2, column 4 (byte offset 5): the byte 0xE9 is not valid UTF-8; the file is read as UTF-8."
            + " Re-save the file as UTF-8, or read it with its own charset, such as"
            + " CsvOptions.defaults().charset(Charset.forName(\"windows-1252\")) for a file saved by Excel on"
            + " Windows.",
        e.getMessage());
    assertEquals(2, e.line());
    assertNull(e.column());
  }

  @Test
  void readCsv_fileNotUtf8WithItsCharset_readsTheText(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, new byte[] {'c', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});

    Table t = Table.readCsv(file, CsvOptions.defaults().charset(StandardCharsets.ISO_8859_1));

    assertEquals("caf\u00E9", t.string("c", 0));
  }

  @Test
  void readCsv_invalidUtf8FarIntoTheFile_namesItsOwnLine(@TempDir Path dir) throws IOException {
    // Issue #14: the decoder reads ahead, so the parser's position was reported (line 811 for 1,500).
    for (int badLine : new int[] {20, 1_500}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes("id,name,amount\n".getBytes(StandardCharsets.UTF_8));
      for (int line = 2; line < badLine; line++) {
        bytes.writeBytes((line + ",\"Jos\u00E9\nMar\u00EDa\",12.5\r\n").getBytes(StandardCharsets.UTF_8));
        line++;
      }
      int offset = bytes.size() + 6;
      bytes.writeBytes(new byte[] {'9', '9', ',', 'M', 'a', 'r', (byte) 0xED, 'a', ',', '1', '\n'});
      Path file = dir.resolve("bad" + badLine + ".csv");
      Files.write(file, bytes.toByteArray());

      CsvFormatException e = assertThrows(CsvFormatException.class, () -> Table.readCsv(file));

      assertEquals(
          file + " line " + badLine + ", column 7 (byte offset " + offset + "): the byte 0xED is not"
              + " valid UTF-8; the file is read as UTF-8. Re-save the file as UTF-8, or read it with its own"
              + " charset, such as CsvOptions.defaults().charset(Charset.forName(\"windows-1252\")) for a file"
              + " saved by Excel on Windows.",
          e.getMessage());
      assertEquals(badLine, e.line());
    }
  }

  @Test
  void readCsv_truncatedSequenceAtTheEnd_namesEveryByte(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cut.csv");
    Files.write(file, new byte[] {'a', '\r', '1', '\r', 'x', (byte) 0xE2, (byte) 0x82});

    CsvFormatException e = assertThrows(CsvFormatException.class, () -> Table.readCsv(file));

    assertEquals(
        file + " line 3, column 2 (byte offset 5): the bytes 0xE2 0x82 are not valid UTF-8; the file is read as"
            + " UTF-8. Re-save the file as UTF-8, or read it with its own charset, such as"
            + " CsvOptions.defaults().charset(Charset.forName(\"windows-1252\")) for a file saved by Excel on"
            + " Windows.",
        e.getMessage());
  }

  @Test
  void readCsv_utf16WithByteOrderMark_saysToReadItAsUtf16(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("excel.csv");
    Files.write(file, "\uFEFFa,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_16LE));

    CsvFormatException e = assertThrows(CsvFormatException.class, () -> Table.readCsv(file));
    Table t = Table.readCsv(file, CsvOptions.defaults().charset(StandardCharsets.UTF_16));

    assertEquals(
        file + " line 1, column 1 (byte offset 0): the byte 0xFF is not valid UTF-8; the file is read as"
            + " UTF-8. The file starts with a UTF-16 byte-order mark: read it with"
            + " CsvOptions.defaults().charset(StandardCharsets.UTF_16), or re-save it as UTF-8.",
        e.getMessage());
    assertEquals(List.of("a", "b"), t.columnNames());
    assertArrayEquals(new double[] {2}, t.numericColumn("b"));
  }

  @Test
  void readCsv_nulCharacter_throwsNamingLineAndColumn() {
    CsvFormatException e = readFails("a,b\n1,2\n3,x\u0000y\n", CsvOptions.defaults());

    assertEquals(
        "t.csv line 3, column 4: a NUL character (code 0), which CSV text never holds; the file is probably"
            + " UTF-16 or not text at all. Re-save it as UTF-8 text, or read a UTF-16 file with"
            + " CsvOptions.defaults().charset(StandardCharsets.UTF_16).",
        e.getMessage());
    assertEquals(3, e.line());
  }

  @Test
  void readCsv_earlierProblemThanUndecodableBytes_isReportedFirst(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("two.csv");
    Files.write(file, new byte[] {'a', ',', 'b', '\n', '1', '\n', 'x', ',', (byte) 0xFF, '\n'});

    CsvFormatException e = assertThrows(CsvFormatException.class, () -> Table.readCsv(file));

    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith(file + " line 2 has 1 field but the header has 2 columns"), e.getMessage());
  }

  // ---- a real file --------------------------------------------------------------------------

  @Test
  void readCsv_creditData_infersTypesAndMissingValues() throws Exception {
    Table credit = Table.readCsv(resource("credit_data.csv"));

    assertEquals(4454, credit.rowCount());
    assertEquals(
        List.of(
            "Status", "Seniority", "Home", "Time", "Age", "Marital", "Records", "Job", "Expenses", "Income",
            "Assets", "Debt", "Amount", "Price"),
        credit.columnNames());
    List<String> categorical = List.of("Status", "Home", "Marital", "Records", "Job");
    for (String c : credit.columnNames()) {
      assertEquals(categorical.contains(c) ? ColumnType.CATEGORICAL : ColumnType.NUMERIC, credit.type(c), c);
    }
    // Counted with awk -F, on the file: NA fields per column.
    Map<String, Integer> missing =
        Map.of("Home", 6, "Marital", 1, "Job", 2, "Income", 381, "Assets", 47, "Debt", 18);
    for (String c : credit.columnNames()) {
      int count = 0;
      for (int r = 0; r < credit.rowCount(); r++) {
        count += credit.isMissing(c, r) ? 1 : 0;
      }
      assertEquals(missing.getOrDefault(c, 0), count, c);
    }
    assertEquals(List.of("bad", "good"), credit.categories("Status"));
    assertEquals(List.of("ignore", "other", "owner", "parents", "priv", "rent"), credit.categories("Home"));
    Row first = credit.row(0);
    assertEquals("good", first.string("Status"));
    assertEquals(9, first.numeric("Seniority"));
    assertEquals(129, first.numeric("Income"));
    assertEquals(846, first.numeric("Price"));
  }
}
