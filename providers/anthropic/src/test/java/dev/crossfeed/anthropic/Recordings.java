package dev.crossfeed.anthropic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import okhttp3.Headers;
import okio.Buffer;

/**
 * Loads recorded provider traffic from {@code ${crossfeed.shared.dir}/fixtures/recorded/anthropic} in each of its
 * framings (see that folder's README) and turns it into MockWebServer responses with the recorded status,
 * headers and body. Skips (JUnit assumption) when the shared folder is absent. Test code only.
 */
final class Recordings {
  /** Headers MockWebServer computes itself, or that no longer describe the stored (decoded) body. */
  private static final Set<String> FRAMING =
      Set.of("content-length", "transfer-encoding", "content-encoding", "connection");

  private Recordings() {}

  /** One recorded exchange: the request body sent (JSON, or null) and the response. */
  record Exchange(JsonNode request, int status, Headers headers, byte[] body) {
    MockResponse toMockResponse() {
      Headers.Builder h = new Headers.Builder();
      for (int i = 0; i < headers.size(); i++) {
        if (!FRAMING.contains(headers.name(i).toLowerCase(Locale.ROOT))) h.addUnsafeNonAscii(headers.name(i), headers.value(i));
      }
      return new MockResponse.Builder().code(status).headers(h.build()).body(new Buffer().write(body)).build();
    }
  }

  static Path dir() {
    String shared = System.getProperty("crossfeed.shared.dir");
    assumeTrue(shared != null, "crossfeed.shared.dir is not set");
    Path dir = Path.of(shared, "fixtures", "recorded", "anthropic");
    assumeTrue(Files.isDirectory(dir), "no recorded fixtures at " + dir);
    return dir;
  }

  static Path file(String name) {
    Path p = dir().resolve(name);
    assumeTrue(Files.isRegularFile(p), "missing fixture " + name);
    return p;
  }

  /** A vercel/ai JSON body; its status is not recorded, so the caller states it. */
  static MockResponse jsonBody(String name, int status) throws IOException {
    return new MockResponse.Builder().code(status).addHeader("content-type", "application/json")
        .body(new Buffer().write(Files.readAllBytes(file(name)))).build();
  }

  /** A vercel/ai {@code .chunks.txt}: one event's data JSON per line, replayed as {@code event:} + {@code data:}. */
  static MockResponse chunks(String name) throws IOException {
    StringBuilder sse = new StringBuilder();
    for (String line : Files.readAllLines(file(name), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      String type = Json.mapper().readTree(line).path("type").asText();
      sse.append("event: ").append(type).append('\n').append("data: ").append(line).append("\n\n");
    }
    return new MockResponse.Builder().code(200).addHeader("content-type", "text/event-stream; charset=utf-8")
        .body(sse.toString()).build();
  }

  /** A langchaingo {@code .httprr} trace: raw HTTP requests and responses with byte counts. */
  static List<Exchange> httprr(String name) throws IOException {
    byte[] all = Files.readAllBytes(file(name));
    Buffer in = new Buffer().write(all);
    String magic = in.readUtf8LineStrict();
    if (!magic.equals("httprr trace v1")) throw new IOException(name + ": not an httprr trace");
    List<Exchange> out = new ArrayList<>();
    while (!in.exhausted()) {
      String[] sizes = in.readUtf8LineStrict().split(" ");
      byte[] request = in.readByteArray(Long.parseLong(sizes[0]));
      byte[] response = in.readByteArray(Long.parseLong(sizes[1]));
      out.add(rawResponse(request, response));
    }
    return out;
  }

  private static Exchange rawResponse(byte[] request, byte[] response) throws IOException {
    Buffer req = new Buffer().write(request);
    while (!req.exhausted() && !req.readUtf8LineStrict().isEmpty()) {
      // skip the request line and headers
    }
    String reqBody = req.readUtf8();
    Buffer r = new Buffer().write(response);
    String statusLine = r.readUtf8LineStrict();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Headers.Builder headers = new Headers.Builder();
    boolean chunked = false;
    String line;
    while (!(line = r.readUtf8LineStrict()).isEmpty()) {
      int colon = line.indexOf(':');
      String n = line.substring(0, colon).strip();
      String v = line.substring(colon + 1).strip();
      if (n.equalsIgnoreCase("transfer-encoding") && v.equalsIgnoreCase("chunked")) chunked = true;
      headers.addUnsafeNonAscii(n, v);
    }
    byte[] body = chunked ? dechunk(r) : r.readByteArray();
    return new Exchange(reqBody.isBlank() ? null : Json.mapper().readTree(reqBody), status, headers.build(), body);
  }

  private static byte[] dechunk(Buffer r) throws IOException {
    Buffer out = new Buffer();
    while (true) {
      long size = Long.parseLong(r.readUtf8LineStrict().strip(), 16);
      if (size == 0) return out.readByteArray();
      out.write(r.readByteArray(size));
      r.readUtf8LineStrict();
    }
  }

  /** A pydantic-ai VCR cassette: each interaction's parsed request and its response. */
  @SuppressWarnings("unchecked")
  static List<Exchange> cassette(String name) throws IOException {
    Map<String, Object> doc = (Map<String, Object>) MiniYaml.parse(Files.readString(file(name), StandardCharsets.UTF_8));
    List<Exchange> out = new ArrayList<>();
    for (Object o : (List<Object>) doc.get("interactions")) {
      Map<String, Object> interaction = (Map<String, Object>) o;
      Map<String, Object> request = (Map<String, Object>) interaction.get("request");
      Map<String, Object> response = (Map<String, Object>) interaction.get("response");
      int status = ((Number) ((Map<String, Object>) response.get("status")).get("code")).intValue();
      Headers.Builder headers = new Headers.Builder();
      Map<String, Object> h = (Map<String, Object>) response.getOrDefault("headers", Map.of());
      for (Map.Entry<String, Object> e : h.entrySet()) {
        for (Object v : (List<Object>) e.getValue()) headers.addUnsafeNonAscii(e.getKey(), String.valueOf(v));
      }
      byte[] body;
      if (response.containsKey("parsed_body")) {
        body = Json.mapper().writeValueAsBytes(response.get("parsed_body"));
      } else {
        Object b = ((Map<String, Object>) response.get("body")).get("string");
        body = String.valueOf(b).getBytes(StandardCharsets.UTF_8);
      }
      JsonNode req = request.containsKey("parsed_body") ? Json.mapper().valueToTree(request.get("parsed_body")) : null;
      out.add(new Exchange(req, status, headers.build(), body));
    }
    return out;
  }
}
