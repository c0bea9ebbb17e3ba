package dev.crossfeed.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Usage;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.ResponseMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Parses an {@code /embeddings} body: vectors placed by {@code index} (not array order), each a float array or a
 * base64 string of little-endian float32s; usage from {@code prompt_tokens}.
 */
final class EmbeddingsReader {
  private EmbeddingsReader() {}

  static EmbeddingResponse read(byte[] body, ResponseMeta meta, int expected, HostClient host) throws IOException {
    JsonNode root = Json.readTree(body);
    if (root == null || !root.isObject()) throw host.http.invalidResponse(host.model, "response body is not a JSON object", null, meta);
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) throw host.http.error(0, ErrorBodies.parse(root), meta, host.model);
    JsonNode data = root.get("data");
    if (data == null || !data.isArray() || data.size() != expected) {
      throw host.http.invalidResponse(
          host.model, "expected " + expected + " embeddings, got " + (data == null || !data.isArray() ? 0 : data.size()), null, meta);
    }
    float[][] vectors = new float[expected][];
    int position = 0;
    for (JsonNode item : data) {
      JsonNode i = item.get("index");
      int index = i != null && i.canConvertToInt() ? i.asInt() : position;
      if (index < 0 || index >= expected || vectors[index] != null) {
        throw host.http.invalidResponse(host.model, "embedding index " + index + " is out of range or repeated", null, meta);
      }
      vectors[index] = vector(item.get("embedding"));
      if (vectors[index] == null) throw host.http.invalidResponse(host.model, "embedding " + index + " is missing", null, meta);
      position++;
    }
    List<float[]> list = new ArrayList<>(Arrays.asList(vectors));
    JsonNode usage = root.get("usage");
    long tokens = usage == null ? 0 : Math.max(0, usage.path("prompt_tokens").asLong(0));
    String model = Wire.text(root, "model");
    return new EmbeddingResponse(list, Usage.of(tokens, 0), model.isEmpty() ? host.model : model);
  }

  private static float[] vector(JsonNode embedding) {
    if (embedding == null) return null;
    if (embedding.isTextual()) {
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(embedding.asText())).order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(v);
      return v;
    }
    if (!embedding.isArray()) return null;
    float[] v = new float[embedding.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode n = embedding.get(i);
      if (!n.isNumber()) return null;
      v[i] = n.floatValue();
    }
    return v;
  }
}
