package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as Amazon API Gateway hands it to a Lambda function through a proxy
 * integration: a REST API's event (payload format 1.0: {@code httpMethod}, {@code path}) or an
 * HTTP API's (payload format 2.0: {@code "version":"2.0"}, {@code requestContext.http}).
 *
 * <p>The path is the route inside the API: a REST API's {@code path} has no stage, and an HTTP
 * API's named stage ({@code /prod/predict}) is taken off ({@code $default} has none). Header names
 * are lower-cased (HTTP API sends them so; REST API as the client wrote them). A body marked
 * {@code isBase64Encoded} is decoded.
 *
 * @param method the HTTP method, upper case
 * @param path the route's path, e.g. {@code /predict}
 * @param headers single-valued headers by lower-case name
 * @param body the body as the client sent it, UTF-8 for JSON; empty when there was none
 * @param gatewayRequestId API Gateway's id for the request ({@code requestContext.requestId}), if any
 */
record ProxyEvent(String method, String path, Map<String, String> headers, String body, Optional<String> gatewayRequestId) {
  private static final String EXPECTED = "expected an Amazon API Gateway proxy event: a REST API's (payload format"
      + " 1.0, with httpMethod and path) or an HTTP API's (payload format 2.0, with \"version\":\"2.0\" and"
      + " requestContext.http.method); invoke the function through API Gateway with a Lambda proxy integration, or"
      + " send such an event";

  ProxyEvent {
    headers = Map.copyOf(headers);
  }

  /**
   * The request an event holds.
   *
   * @throws HttpError (400) when the event is not an API Gateway proxy event, or its body is
   *     marked base64 but is not
   */
  static ProxyEvent of(JsonNode event) {
    if (!event.isObject()) {
      throw new HttpError(400, "the event is a JSON " + event.getNodeType().name().toLowerCase(Locale.ROOT) + "; " + EXPECTED + ".");
    }
    JsonNode context = event.path("requestContext");
    String method;
    String path;
    if ("2.0".equals(event.path("version").asText())) {
      method = text(event, context.path("http").path("method"), "requestContext.http.method");
      path = withoutStage(text(event, event.path("rawPath"), "rawPath"), context.path("stage").asText("$default"));
    } else if (event.has("httpMethod")) {
      method = text(event, event.path("httpMethod"), "httpMethod");
      path = text(event, event.path("path"), "path");
    } else {
      throw new HttpError(400, "the event has neither httpMethod nor \"version\":\"2.0\"; " + EXPECTED + ".");
    }
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, JsonNode> header : event.path("headers").properties()) {
      if (header.getValue().isTextual()) {
        headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
      }
    }
    JsonNode requestId = context.path("requestId");
    return new ProxyEvent(method.toUpperCase(Locale.ROOT), path, headers, body(event),
        requestId.isTextual() ? Optional.of(requestId.asText()) : Optional.empty());
  }

  /** A header's value, by any case of its name. */
  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  private static String text(JsonNode event, JsonNode field, String name) {
    if (!field.isTextual() || field.asText().isEmpty()) {
      throw new HttpError(400, "the event's " + name + " is " + (field.isMissingNode() ? "missing" : "not a non-empty string")
          + "; " + EXPECTED + ".");
    }
    return field.asText();
  }

  /** An HTTP API's raw path starts with the stage's name unless the stage is {@code $default}. */
  private static String withoutStage(String rawPath, String stage) {
    String prefix = "/" + stage;
    if (!"$default".equals(stage) && rawPath.startsWith(prefix + "/")) {
      return rawPath.substring(prefix.length());
    }
    return rawPath;
  }

  private static String body(JsonNode event) {
    JsonNode body = event.path("body");
    if (!body.isTextual()) {
      return "";
    }
    if (!event.path("isBase64Encoded").asBoolean(false)) {
      return body.asText();
    }
    try {
      return new String(Base64.getDecoder().decode(body.asText()), UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "the event's body is marked isBase64Encoded but is not base64 (" + e.getMessage()
          + "); send the body base64-encoded, or set isBase64Encoded to false.");
    }
  }
}
