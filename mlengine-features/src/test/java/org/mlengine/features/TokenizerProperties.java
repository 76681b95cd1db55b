package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The default tokenizer's scanner gives exactly the tokens of its regular expression. */
class TokenizerProperties {

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<Character> chars = Arbitraries.oneOf(
        Arbitraries.chars().ascii(),
        Arbitraries.chars().range('\u00c0', '\u024f'),
        Arbitraries.of('\u0301', '\u00b2', '\u2164', '\u0663', '_', ' ', '-', '\'', '\u00a0', '\u3042', '\ud83d', '\ude00'));
    return chars.list().ofMaxSize(60).map(list -> {
      StringBuilder sb = new StringBuilder();
      list.forEach(sb::append);
      return sb.toString();
    });
  }

  @Property(tries = 2000)
  void scanner_equalsTheRegularExpression(@ForAll("texts") String text) {
    Pattern regex = Pattern.compile(Features.Tokenizer.DEFAULT_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
    List<String> expected = new ArrayList<>();
    Matcher m = regex.matcher(text.toLowerCase(java.util.Locale.ROOT));
    while (m.find()) {
      expected.add(m.group());
    }
    assertEquals(expected, Features.tokenizer().tokenize(text));
  }
}
