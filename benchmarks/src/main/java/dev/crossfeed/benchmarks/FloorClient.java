package dev.crossfeed.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The floor: what a careful developer writes by hand with OkHttp and Jackson to call Chat Completions, and nothing
 * more. Builds the request JSON with a streaming generator, POSTs it on a shared client, checks the status and parses
 * the answer into a small record ({@code readTree} on the body stream; for streams, one {@code readTree} per
 * {@code data:} line). No retries, no rate-limit headers, no cost, no error classification: everything Crossfeed adds
 * is measured against this.
 */
final class FloorClient {
  /** The small answer record a hand-written client returns. */
  record Answer(String id, String model, String text, String finishReason, long inputTokens, long outputTokens) {}

  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient client;
  private final ObjectMapper mapper;
  private final HttpUrl url;
  private final String authorization;
  private final Duration callTimeout;

  FloorClient(OkHttpClient client, ObjectMapper mapper, String baseUrl, String apiKey) {
    this(client, mapper, baseUrl, apiKey, null);
  }

  /** A floor that also bounds each whole call with OkHttp's call timeout (as Crossfeed providers always do). */
  FloorClient(OkHttpClient client, ObjectMapper mapper, String baseUrl, String apiKey, Duration callTimeout) {
    this.client = client;
    this.mapper = mapper;
    this.url = HttpUrl.get(baseUrl + "/chat/completions");
    this.authorization = "Bearer " + apiKey;
    this.callTimeout = callTimeout;
  }

  private Call newCall(Request request) {
    Call call = client.newCall(request);
    if (callTimeout != null) call.timeout().timeout(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    return call;
  }

  /** One blocking chat call. */
  Answer chat(String model, String userText) throws IOException {
    Request request =
        new Request.Builder().url(url).header("Authorization", authorization).post(RequestBody.create(body(model, userText, false), JSON)).build();
    try (Response response = newCall(request).execute()) {
      if (!response.isSuccessful()) throw new IOException("HTTP " + response.code());
      JsonNode root = mapper.readTree(response.body().byteStream());
      JsonNode choice = root.path("choices").path(0);
      JsonNode usage = root.path("usage");
      return new Answer(
          root.path("id").asText(),
          root.path("model").asText(),
          choice.path("message").path("content").asText(),
          choice.path("finish_reason").asText(),
          usage.path("prompt_tokens").asLong(),
          usage.path("completion_tokens").asLong());
    }
  }

  /** One streamed chat call: every text piece goes to {@code onText}; returns the assembled answer. */
  Answer stream(String model, String userText, Consumer<String> onText) throws IOException {
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", authorization)
            .header("Accept", "text/event-stream")
            .post(RequestBody.create(body(model, userText, true), JSON))
            .build();
    try (Response response = newCall(request).execute()) {
      if (!response.isSuccessful()) throw new IOException("HTTP " + response.code());
      BufferedSource source = response.body().source();
      StringBuilder text = new StringBuilder();
      String id = "";
      String answered = "";
      String finish = "";
      long in = 0;
      long out = 0;
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (!line.startsWith("data: ")) continue;
        if (line.startsWith("[DONE]", 6)) break;
        JsonNode chunk = mapper.readTree(line.substring(6));
        if (id.isEmpty()) {
          id = chunk.path("id").asText();
          answered = chunk.path("model").asText();
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (!choice.isMissingNode()) {
          String piece = choice.path("delta").path("content").asText("");
          if (!piece.isEmpty()) {
            onText.accept(piece);
            text.append(piece);
          }
          JsonNode reason = choice.path("finish_reason");
          if (reason.isTextual()) finish = reason.asText();
        }
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
          in = usage.path("prompt_tokens").asLong();
          out = usage.path("completion_tokens").asLong();
        }
      }
      return new Answer(id, answered, text.toString(), finish, in, out);
    }
  }

  private byte[] body(String model, String userText, boolean stream) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", model);
      g.writeArrayFieldStart("messages");
      g.writeStartObject();
      g.writeStringField("role", "user");
      g.writeStringField("content", userText);
      g.writeEndObject();
      g.writeEndArray();
      if (stream) {
        g.writeBooleanField("stream", true);
        g.writeObjectFieldStart("stream_options");
        g.writeBooleanField("include_usage", true);
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }
}
