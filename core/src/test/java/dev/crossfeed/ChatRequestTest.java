package dev.crossfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChatRequestTest {
  @Test
  void builderCopiesAndDerives() {
    List<String> stop = new ArrayList<>(List.of("END"));
    ChatRequest r =
        ChatRequest.builder()
            .system("be brief")
            .user("hi")
            .temperature(0.5)
            .maxOutputTokens(10)
            .stop(stop)
            .tool(ToolSpec.of("get_weather", "weather", "{\"type\":\"object\"}"))
            .toolChoice(ToolChoice.tool("get_weather"))
            .timeout(Duration.ofSeconds(3))
            .extraField("seed", 7)
            .build();
    stop.add("MORE");
    assertEquals(List.of("END"), r.stop());
    assertEquals(2, r.messages().size());
    ChatRequest derived = r.newBuilder().temperature(null).build();
    assertTrue(derived.temperature().isEmpty());
    assertEquals(0.5, r.temperature().getAsDouble());
    assertEquals(Map.of("seed", 7), derived.extraFields());
    assertThrows(UnsupportedOperationException.class, () -> r.messages().add(Message.user("x")));
  }

  @Test
  void withTimeoutAndWithModelShareEverythingElse() {
    ChatRequest r = ChatRequest.builder().user("hi").model("gpt").tool(ToolSpec.of("f", "", null)).build();
    ChatRequest t = r.withTimeout(Duration.ofSeconds(2)).withModel(null);
    assertEquals(Duration.ofSeconds(2), t.timeout().orElseThrow());
    assertTrue(t.model().isEmpty());
    assertEquals("gpt", r.model().orElseThrow());
    assertTrue(r.timeout().isEmpty());
    assertTrue(t.messages() == r.messages() && t.tools() == r.tools());
    assertThrows(IllegalArgumentException.class, () -> r.withTimeout(Duration.ZERO));
  }

  @Test
  void rejectsBadValuesWithNamedMessages() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder().temperature(3.0))
        .getMessage().contains("temperature"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder().maxOutputTokens(0))
        .getMessage().contains("maxOutputTokens"));
    assertTrue(assertThrows(IllegalStateException.class, () -> ChatRequest.builder().build())
        .getMessage().contains("no messages"));
    assertTrue(assertThrows(IllegalStateException.class,
            () -> ChatRequest.builder().user("x").toolChoice(ToolChoice.tool("nope")).build())
        .getMessage().contains("nope"));
    assertThrows(IllegalArgumentException.class, () -> ToolSpec.of("bad name!", "", "{}"));
    assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder().extraField("x", new Object()));
    assertThrows(IllegalArgumentException.class,
        () -> ChatRequest.builder().tool(ToolSpec.of("a", "", null)).tool(ToolSpec.of("a", "", null)));
  }

  @Test
  void estimatesInputAndDetectsImages() {
    ChatRequest text = ChatRequest.builder().user("x".repeat(4000)).build();
    assertTrue(text.estimatedInputTokens() >= 1000 && text.estimatedInputTokens() < 1100);
    ChatRequest image =
        ChatRequest.builder().user(ContentPart.text("what"), ContentPart.imageBytes(new byte[] {1, 2}, "image/png")).build();
    assertTrue(image.hasImages());
    assertTrue(!text.hasImages());
  }

  @Test
  void imageDataIsDefensivelyCopied() {
    byte[] data = {1, 2, 3};
    ContentPart.Image img = ContentPart.imageBytes(data, "image/png");
    data[0] = 9;
    assertEquals(1, img.data().orElseThrow()[0]);
    assertEquals("data:image/png;base64,AQID", img.toUrl());
  }

  @Test
  @SuppressWarnings("unchecked")
  void extraFieldsAreCopiedDeeplySoTheRequestStaysImmutable() {
    Map<String, Object> inner = new java.util.HashMap<>(Map.of("top_k", 5));
    List<Object> stops = new ArrayList<>(List.of("a"));
    Map<String, Object> options = new java.util.HashMap<>();
    options.put("inner", inner);
    options.put("stops", stops);
    ChatRequest r = ChatRequest.builder().user("hi").extraField("options", options).build();
    inner.put("top_k", 99);
    stops.add("b");
    options.put("late", true);
    Map<?, ?> sent = (Map<?, ?>) r.extraFields().get("options");
    assertEquals(Map.of("inner", Map.of("top_k", 5), "stops", List.of("a")), sent);
    assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) sent.get("inner")).put("x", 1));
    assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) sent.get("stops")).add("c"));
    assertEquals(r.extraFields(), r.newBuilder().build().extraFields());
  }
}
