package org.mlengine.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start of the Lambda handler, for {@code mlengine-server/bench/lambda-cold-start.sh}:
 * in a fresh JVM, makes the handler (loading the bundle, as Lambda's init phase does), answers
 * one recorded event, and prints the wall clock then (epoch milliseconds) and the answer. The
 * script subtracts the time it launched {@code java}.
 *
 * <pre>{@code
 * java -cp ... org.mlengine.server.LambdaColdStart credit.mlb rest-v1-predict.json
 * }</pre>
 */
final class LambdaColdStart {
  private LambdaColdStart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: LambdaColdStart BUNDLE.mlb EVENT.json");
      System.exit(2);
    }
    LambdaHandler handler = new LambdaHandler(Path.of(args[0]));
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
      handler.handleRequest(event, answer, new TestContext());
    }
    long answered = System.currentTimeMillis();
    System.out.println(answered + " " + answer.toString(StandardCharsets.UTF_8));
  }
}
