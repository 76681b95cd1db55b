package org.mlengine.server;

/**
 * A request the server answers with an error status and {@code {"error": message}}: the message
 * says what was wrong, what was expected and how to fix it. Carries no stack trace: it is an
 * answer, not a failure of the server.
 */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The HTTP status to answer with. */
  int status() {
    return status;
  }
}
