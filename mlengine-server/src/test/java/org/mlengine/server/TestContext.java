package org.mlengine.server;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Lambda context of one invocation, as the runtime would pass it; keeps what the handler logs. */
final class TestContext implements Context {
  final List<String> logged = new CopyOnWriteArrayList<>();

  @Override
  public String getAwsRequestId() {
    return "8476a536-e9f4-11e8-9739-2dfe598c3fcd";
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/credit";
  }

  @Override
  public String getLogStreamName() {
    return "2026/12/07/[$LATEST]0123456789abcdef";
  }

  @Override
  public String getFunctionName() {
    return "credit";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:123456789012:function:credit";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return 30_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        logged.add(message);
      }

      @Override
      public void log(byte[] message) {
        logged.add(new String(message, java.nio.charset.StandardCharsets.UTF_8));
      }
    };
  }
}
