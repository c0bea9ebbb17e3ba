package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * Reads the shared recorded Gemini traffic (../shared/fixtures/recorded/gemini, located by the
 * {@code crossfeed.shared.dir} system property) and turns each framing into MockWebServer responses, per the
 * fixtures README: {@code .chunks.txt} lines become {@code data: <line>\r\n\r\n} SSE events, {@code .json} is a
 * body, {@code .yaml} cassettes give status, headers and body, {@code .httprr} holds raw HTTP. Tests skip when
 * the folder is absent. Files are never copied into the project.
 */
final class Recordings {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Recordings() {}

  static Path dir() {
    String shared = System.getProperty("crossfeed.shared.dir");
    assumeTrue(shared != null, "crossfeed.shared.dir not set");
    Path dir = Path.of(shared, "fixtures", "recorded", "gemini");
    assumeTrue(Files.isDirectory(dir), "no recorded fixtures at " + dir);
    return dir;
  }

  static Path file(String name) {
    Path p = dir().resolve(name);
    assumeTrue(Files.isRegularFile(p), "missing fixture " + name);
    return p;
  }

  static String text(String name) {
    try {
      return Files.readString(file(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A one-JSON-per-line file as a Gemini SSE body. */
  static MockResponse chunks(String name) {
    StringBuilder body = new StringBuilder();
    for (String line : text(name).split("\n")) {
      if (!line.isBlank()) body.append("data: ").append(line).append("\r\n\r\n");
    }
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body.toString()).build();
  }

  /** A JSON body file as a response with this status. */
  static MockResponse json(String name, int status) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=UTF-8")
        .body(text(name)).build();
  }

  /** The responses of a VCR cassette, in order. */
  @SuppressWarnings("unchecked")
  static List<MockResponse> cassette(String name) {
    Map<String, Object> root = (Map<String, Object>) MiniYaml.parse(text(name));
    List<MockResponse> out = new ArrayList<>();
    for (Object i : (List<Object>) root.get("interactions")) {
      Map<String, Object> response = (Map<String, Object>) ((Map<String, Object>) i).get("response");
      Map<String, Object> status = (Map<String, Object>) response.get("status");
      MockResponse.Builder b = new MockResponse.Builder().code(((Number) status.get("code")).intValue());
      Map<String, Object> headers = (Map<String, Object>) response.get("headers");
      if (headers != null) {
        for (Map.Entry<String, Object> h : headers.entrySet()) {
          String n = h.getKey().toLowerCase(java.util.Locale.ROOT);
          if (n.equals("content-length") || n.equals("transfer-encoding")) continue; // recomputed
          for (Object v : (List<Object>) h.getValue()) b.addHeader(h.getKey(), String.valueOf(v));
        }
      }
      out.add(b.body(body(response)).build());
    }
    return out;
  }

  /** The body of the first response of a VCR cassette: JSON for {@code parsed_body}, else the raw string. */
  @SuppressWarnings("unchecked")
  static String cassetteBody(String name) {
    Map<String, Object> root = (Map<String, Object>) MiniYaml.parse(text(name));
    Map<String, Object> first = (Map<String, Object>) ((List<Object>) root.get("interactions")).get(0);
    return body((Map<String, Object>) first.get("response"));
  }

  /** The JSON request body ({@code parsed_body}) of the first interaction of a VCR cassette. */
  @SuppressWarnings("unchecked")
  static String cassetteRequestBody(String name) {
    Map<String, Object> root = (Map<String, Object>) MiniYaml.parse(text(name));
    Map<String, Object> first = (Map<String, Object>) ((List<Object>) root.get("interactions")).get(0);
    try {
      return MAPPER.writeValueAsString(((Map<String, Object>) first.get("request")).get("parsed_body"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static String body(Map<String, Object> response) {
    Object parsed = response.get("parsed_body");
    if (parsed != null) {
      try {
        return MAPPER.writeValueAsString(parsed);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return (String) ((Map<String, Object>) response.get("body")).get("string");
  }

  /** The responses of an httprr trace, with their recorded status, headers and body. */
  static List<MockResponse> httprr(String name) {
    byte[] all;
    try {
      all = Files.readAllBytes(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String header = "httprr trace v1\n";
    int pos = header.length();
    List<MockResponse> out = new ArrayList<>();
    while (pos < all.length) {
      int nl = indexOf(all, (byte) '\n', pos);
      String[] sizes = new String(all, pos, nl - pos, StandardCharsets.US_ASCII).strip().split(" ");
      pos = nl + 1;
      int req = Integer.parseInt(sizes[0]);
      int resp = Integer.parseInt(sizes[1]);
      out.add(rawResponse(new String(all, pos + req, resp, StandardCharsets.UTF_8)));
      pos += req + resp;
    }
    return out;
  }

  private static MockResponse rawResponse(String raw) {
    int split = raw.indexOf("\r\n\r\n");
    String[] head = raw.substring(0, split).split("\r\n");
    String body = raw.substring(split + 4);
    MockResponse.Builder b = new MockResponse.Builder().code(Integer.parseInt(head[0].split(" ")[1]));
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      String n = head[i].substring(0, colon);
      if (n.equalsIgnoreCase("content-length") || n.equalsIgnoreCase("transfer-encoding")) continue;
      b.addHeader(n, head[i].substring(colon + 1).strip());
    }
    return b.body(body).build();
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) if (a[i] == b) return i;
    return -1;
  }
}
