package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test's HTTP client: java.net.http for whole requests, a raw socket for what a client library will not send. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final int port;

  Http(ModelServer server) {
    this.base = server.url();
    this.port = server.port();
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A raw connection: what is written goes as is; {@link Raw#response()} reads until the server closes. */
  Raw open() throws IOException {
    return new Raw(new Socket("127.0.0.1", port));
  }

  static final class Raw implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;

    Raw(Socket socket) throws IOException {
      this.socket = socket;
      this.socket.setSoTimeout(20_000);
      this.out = socket.getOutputStream();
    }

    Raw write(String text) throws IOException {
      out.write(text.getBytes(UTF_8));
      out.flush();
      return this;
    }

    /** One line the server sends (without its CRLF), waiting at most {@code wait} for it. */
    String line(Duration wait) throws IOException {
      socket.setSoTimeout((int) wait.toMillis());
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the server closed the connection after \"" + line.toString(UTF_8) + "\"");
        }
        line.write(b);
      }
      socket.setSoTimeout(20_000);
      return line.toString(UTF_8).stripTrailing();
    }

    /** Everything the server sends until it closes the connection. */
    String response() throws IOException {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** The body of a raw HTTP/1.1 response (after the blank line). */
  static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  /** The status line of a raw HTTP/1.1 response. */
  static String statusLine(String response) {
    return response.substring(0, response.indexOf("\r\n"));
  }
}
