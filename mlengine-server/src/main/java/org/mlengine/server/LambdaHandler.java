package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.serving.Predictor;

/**
 * Serves one model bundle as an AWS Lambda function behind Amazon API Gateway (a REST API or an
 * HTTP API, with a Lambda proxy integration), with the same JSON as {@link ModelServer}:
 * {@code POST /predict} scores one JSON object of column -> value, {@code POST
 * /v2/models/NAME/infer} a KServe V2 batch, {@code GET /v2/models/NAME} gives the model's
 * metadata and {@code GET /openapi.json} its OpenAPI document; NAME is the bundle file's name
 * without {@code .mlb}. The bundle is loaded once, when Lambda starts the function's container,
 * from the file that the environment variable {@value #BUNDLE_VARIABLE} names; every invocation
 * in that container reuses it.
 *
 * <p>In an AWS SAM template ({@code template.yaml}), with the function's zip holding the jars in
 * {@code lib/} and the bundle at its root:
 *
 * <pre>{@code
 * Resources:
 *   Credit:
 *     Type: AWS::Serverless::Function
 *     Properties:
 *       Runtime: java17
 *       Handler: org.mlengine.server.LambdaHandler::handleRequest
 *       MemorySize: 1024
 *       Environment:
 *         Variables:
 *           MLENGINE_BUNDLE: /var/task/credit.mlb
 *       Events:
 *         Api:
 *           Type: HttpApi
 *           Properties: {Path: /{proxy+}, Method: any}
 * }</pre>
 *
 * <p>Answers are API Gateway proxy responses ({@code statusCode}, {@code headers}, {@code body}):
 * 200 with the answer; 400 with {@code {"error": message}} for a body that is not the JSON the
 * endpoint takes or a row the model refuses (the {@link Predictor}'s own message), and for an
 * event that is not an API Gateway proxy event; 404 and 405 for other paths and methods; 500
 * without details (they go to the function's log) when answering fails unexpectedly. The request
 * id is the {@code X-Request-Id} header (or a batch's {@code id}), else API Gateway's id for the
 * request.
 */
public final class LambdaHandler implements RequestStreamHandler {
  /** The environment variable that names the bundle file to serve. */
  public static final String BUNDLE_VARIABLE = "MLENGINE_BUNDLE";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LiveModel model;
  private final ModelBundle bundle;
  private final String modelPath;

  /**
   * Loads the bundle that {@value #BUNDLE_VARIABLE} names. Lambda calls this once per container.
   *
   * @throws IllegalStateException when the variable is unset or names no readable bundle
   */
  public LambdaHandler() {
    this(bundle(System.getenv()));
  }

  /** A handler serving the bundle at {@code bundle}, as the environment would name it. */
  LambdaHandler(Path bundle) {
    String name = LiveModel.nameOf(bundle);
    try {
      Predictor predictor = Predictor.load(bundle);
      this.bundle = predictor.bundle();
      this.model = LiveModel.fixed(name, predictor, null);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(BUNDLE_VARIABLE + "=" + bundle + " could not be loaded: " + e.getMessage()
          + "; point it at a bundle file (.mlb) written by ModelBundle.save and packaged with the function.", e);
    }
    this.modelPath = "/v2/models/" + name;
  }

  /** The bundle file an environment names, checked to exist. */
  static Path bundle(Map<String, String> environment) {
    String value = environment.get(BUNDLE_VARIABLE);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(BUNDLE_VARIABLE + " is not set; set it in the function's environment to the path"
          + " of the bundle file to serve, e.g. " + BUNDLE_VARIABLE + "=/var/task/credit.mlb for a bundle at the root of"
          + " the function's zip.");
    }
    Path path = Path.of(value);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(BUNDLE_VARIABLE + "=" + value + " names no file; package the bundle with the"
          + " function (files at the zip's root are under /var/task, a layer's under /opt) and set the variable to its path.");
    }
    return path;
  }

  /** Answers one API Gateway proxy event with a proxy response. */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    int status;
    byte[] body;
    try {
      ProxyEvent request = ProxyEvent.of(event(input));
      body = answer(request);
      status = 200;
    } catch (HttpError e) {
      status = e.status();
      body = JsonCodec.error(e.getMessage());
    } catch (IllegalArgumentException e) {   // InvalidInputException too: the Predictor's message
      status = 400;
      body = JsonCodec.error(e.getMessage());
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      context.getLogger().log("mlengine: failed to answer Lambda request " + context.getAwsRequestId() + ": " + trace);
      status = 500;
      body = JsonCodec.error("the function failed to answer (Lambda request " + context.getAwsRequestId()
          + "); the function's log has the details.");
    }
    write(status, body, output);
  }

  private static JsonNode event(InputStream input) throws IOException {
    try {
      JsonNode event = JSON.readTree(input);
      if (event == null || event.isMissingNode()) {
        throw new HttpError(400, "the event is empty; expected an Amazon API Gateway proxy event (JSON).");
      }
      return event;
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "the event is not JSON (" + e.getOriginalMessage() + "); expected an Amazon API Gateway"
          + " proxy event.");
    }
  }

  private byte[] answer(ProxyEvent request) {
    String path = request.path();
    if (path.equals("/predict")) {
      require("POST", request, "one JSON object of column -> value");
      return model.predict(request.body().getBytes(UTF_8), requestId(request));
    }
    if (path.equals(modelPath + "/infer")) {
      require("POST", request, "a KServe V2 inference request");
      return model.infer(model.v2.request(request.body().getBytes(UTF_8)), () -> requestId(request));
    }
    if (path.equals(modelPath)) {
      require("GET", request, "no body");
      return model.v2.metadata(bundle);
    }
    if (path.equals("/openapi.json")) {
      require("GET", request, "no body");
      return OpenApi.document(model.name, bundle);
    }
    if (path.startsWith("/v2/models/") && !path.startsWith(modelPath + "/")) {
      String name = path.substring("/v2/models/".length()).split("/", 2)[0];
      throw new HttpError(404, "no model '" + name + "' here; this function serves '" + model.name + "' (GET " + modelPath
          + ").");
    }
    throw new HttpError(404, "no endpoint at " + path + "; this function answers " + endpoints() + ".");
  }

  private void require(String method, ProxyEvent request, String body) {
    if (!method.equals(request.method())) {
      throw new HttpError(405, request.method() + " " + request.path() + " is not served; send " + method + " "
          + request.path() + " with " + body + ". This function answers " + endpoints() + ".");
    }
  }

  private String endpoints() {
    return "POST /predict, POST " + modelPath + "/infer, GET " + modelPath + " and GET /openapi.json";
  }

  /** The caller's X-Request-Id, checked as the server checks it; else API Gateway's id for the request. */
  private static String requestId(ProxyEvent request) {
    String id = request.header("X-Request-Id").orElse(null);
    if (id == null) {
      return request.gatewayRequestId().orElse(null);
    }
    return JsonCodec.requestId(id, "the X-Request-Id header", "API Gateway's request id");
  }

  /** An API Gateway proxy response, which both payload formats take. */
  private static void write(int status, byte[] body, OutputStream output) throws IOException {
    try (JsonGenerator out = JSON.getFactory().createGenerator(output)) {
      out.writeStartObject();
      out.writeNumberField("statusCode", status);
      out.writeObjectFieldStart("headers");
      out.writeStringField("Content-Type", "application/json");
      out.writeEndObject();
      out.writeStringField("body", new String(body, UTF_8));
      out.writeBooleanField("isBase64Encoded", false);
      out.writeEndObject();
    }
  }
}
