package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Failure;
import dev.crossfeed.Message;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolChoice;
import dev.crossfeed.ToolSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Converse body for every part of a ChatRequest (bedrock-converse.md §2), compared as parsed JSON. */
@Timeout(10)
class BedrockRequestWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather",
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
  private final BedrockRequestWriter writer = new BedrockRequestWriter();

  @Test
  void theWorkedExampleBodyIsWrittenByteForByte() {
    ChatRequest r = ChatRequest.builder().user("Hello").maxOutputTokens(256).build();
    assertEquals("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}],\"inferenceConfig\":{\"maxTokens\":256}}",
        new String(writer.write(r, MODEL), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void systemSamplingAndStopSequences() throws Exception {
    ChatRequest r = ChatRequest.builder()
        .system("You are terse.").system(" ").user("Hi").assistant("Hello!").user("Bye")
        .temperature(0.2).topP(0.9).maxOutputTokens(1024).stop(List.of("END"))
        .build();
    assertJson("{\"system\":[{\"text\":\"You are terse.\"}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello!\"}]},"
        + "{\"role\":\"user\",\"content\":[{\"text\":\"Bye\"}]}],"
        + "\"inferenceConfig\":{\"maxTokens\":1024,\"temperature\":0.2,\"topP\":0.9,\"stopSequences\":[\"END\"]}}", r);
  }

  @Test
  void toolsToolChoiceCallsAndResultsInAlternatingTurns() throws Exception {
    ChatRequest r = ChatRequest.builder()
        .user(ContentPart.text("Weather in Oslo? See the photo."), ContentPart.imageBytes(new byte[] {1, 2, 3}, "image/png"))
        .message(Message.assistant("", List.of(new ToolCall("tooluse_W9DaUFg4Tj2c", "get_weather", "{\"city\":\"Oslo\"}"))))
        .message(Message.toolResult("tooluse_W9DaUFg4Tj2c", "get_weather", "{\"temp_c\":4}"))
        .user("And tomorrow?")
        .tool(WEATHER)
        .toolChoice(ToolChoice.tool("get_weather"))
        .build();
    assertJson("{\"messages\":["
        + "{\"role\":\"user\",\"content\":[{\"text\":\"Weather in Oslo? See the photo.\"},"
        + "{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"AQID\"}}}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"tooluse_W9DaUFg4Tj2c\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}}]},"
        + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"tooluse_W9DaUFg4Tj2c\",\"content\":[{\"text\":\"{\\\"temp_c\\\":4}\"}]}},"
        + "{\"text\":\"And tomorrow?\"}]}],"
        + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"description\":\"Current weather\","
        + "\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}}],"
        + "\"toolChoice\":{\"tool\":{\"name\":\"get_weather\"}}}}", r);
  }

  @Test
  void toolChoiceModes() {
    ChatRequest.Builder b = ChatRequest.builder().user("Hi").tool(WEATHER);
    assertEquals("{\"auto\":{}}", tree(b.toolChoice(ToolChoice.AUTO).build()).at("/toolConfig/toolChoice").toString());
    assertEquals("{\"any\":{}}", tree(b.toolChoice(ToolChoice.REQUIRED).build()).at("/toolConfig/toolChoice").toString());
    assertTrue(tree(b.toolChoice(null).build()).at("/toolConfig/toolChoice").isMissingNode());
    // Bedrock has no "none": no tools at all when the history holds no tool blocks
    assertFalse(tree(b.toolChoice(ToolChoice.NONE).build()).has("toolConfig"));
  }

  @Test
  void toolBlocksInTheHistoryAlwaysCarryAToolConfig() {
    ChatRequest.Builder b = ChatRequest.builder().user("Hi")
        .message(Message.assistant("Checking.", List.of(new ToolCall("t1", "get_weather", "{}"))))
        .message(Message.toolResult("t1", "get_weather", "4 degrees"));
    JsonNode none = tree(b.tool(WEATHER).toolChoice(ToolChoice.NONE).build());
    assertEquals("get_weather", none.at("/toolConfig/tools/0/toolSpec/name").asText());
    assertTrue(none.at("/toolConfig/toolChoice").isMissingNode());
    JsonNode noTools = tree(b.tools(List.of()).toolChoice(null).build());
    assertEquals("{\"toolSpec\":{\"name\":\"get_weather\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{}}}}}",
        noTools.at("/toolConfig/tools/0").toString());
    assertEquals("[{\"text\":\"Checking.\"},{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\",\"input\":{}}}]",
        noTools.at("/messages/1/content").toString());
  }

  @Test
  void consecutiveToolResultsShareOneUserTurn() {
    ChatRequest r = ChatRequest.builder().user("Both?")
        .message(Message.assistant("", List.of(new ToolCall("a", "get_weather", "{}"), new ToolCall("b", "get_weather", "{}"))))
        .message(Message.toolResult("a", "get_weather", "1"))
        .message(Message.toolResult("b", "get_weather", "2"))
        .tool(WEATHER)
        .build();
    JsonNode messages = tree(r).get("messages");
    assertEquals(3, messages.size());
    assertEquals("user", messages.get(2).path("role").asText());
    assertEquals("a", messages.get(2).at("/content/0/toolResult/toolUseId").asText());
    assertEquals("b", messages.get(2).at("/content/1/toolResult/toolUseId").asText());
  }

  @Test
  void imagesFromDataUrlsAndS3AndRefusedKinds() {
    JsonNode data = tree(ChatRequest.builder().user(ContentPart.imageUrl("data:image/jpeg;base64,AQID")).build());
    assertEquals("{\"image\":{\"format\":\"jpeg\",\"source\":{\"bytes\":\"AQID\"}}}", data.at("/messages/0/content/0").toString());
    JsonNode s3 = tree(ChatRequest.builder().user(ContentPart.imageUrl("s3://bucket/cat.webp")).build());
    assertEquals("{\"image\":{\"format\":\"webp\",\"source\":{\"s3Location\":{\"uri\":\"s3://bucket/cat.webp\"}}}}",
        s3.at("/messages/0/content/0").toString());
    assertInvalid(ChatRequest.builder().user(ContentPart.imageUrl("https://example.com/cat.png?sig=secret")).build(),
        "Bedrock cannot fetch image URLs (https://example.com/cat.png)");
    assertInvalid(ChatRequest.builder().user(ContentPart.imageBytes(new byte[] {1}, "image/bmp")).build(),
        "image type image/bmp is not supported by Bedrock");
  }

  @Test
  void temperatureAboveBedrocksRangeIsRefusedNotChanged() {
    assertInvalid(ChatRequest.builder().user("Hi").temperature(1.5).build(), "temperature 1.5 is outside Bedrock's range 0..1");
  }

  @Test
  void jsonSchemaAndJsonObjectAnswers() {
    ChatRequest schema = ChatRequest.builder().user("Hi")
        .responseFormat(ResponseFormat.jsonSchema("person", "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"))
        .build();
    JsonNode s = tree(schema).at("/outputConfig/textFormat");
    assertEquals("json_schema", s.path("type").asText());
    assertEquals("person", s.at("/structure/jsonSchema/name").asText());
    assertEquals("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}", s.at("/structure/jsonSchema/schema").asText());
    JsonNode object = tree(ChatRequest.builder().user("Hi").responseFormat(ResponseFormat.JSON_OBJECT).build());
    assertEquals(BedrockRequestWriter.JSON_ONLY, object.at("/system/0/text").asText());
  }

  @Test
  void extraFieldsAreDeepMergedLast() throws Exception {
    ChatRequest r = ChatRequest.builder().user("Hi").temperature(0.5).maxOutputTokens(100)
        .extraField("inferenceConfig", Map.of("maxTokens", 50))
        .extraField("additionalModelRequestFields", Map.of("thinking", Map.of("type", "enabled", "budget_tokens", 1024)))
        .extraField("messages", List.of(Map.of("role", "user", "content", List.of(Map.of("text", "replaced")))))
        .build();
    JsonNode t = tree(r);
    assertEquals(JSON.readTree("{\"maxTokens\":50,\"temperature\":0.5}"), t.get("inferenceConfig"));
    assertEquals(1024, t.at("/additionalModelRequestFields/thinking/budget_tokens").asInt());
    assertEquals("replaced", t.at("/messages/0/content/0/text").asText());
  }

  @Test
  void badToolJsonIsAnInvalidRequestNamingIt() {
    assertInvalid(ChatRequest.builder().user("Hi")
        .message(Message.assistant("", List.of(new ToolCall("t9", "get_weather", "[1]")))).build(),
        "arguments of tool call t9 is not a JSON object");
  }

  private JsonNode tree(ChatRequest r) {
    return writer.tree(r, MODEL);
  }

  private void assertJson(String expected, ChatRequest r) throws Exception {
    assertEquals(JSON.readTree(expected), JSON.readTree(writer.write(r, MODEL)));
  }

  private void assertInvalid(ChatRequest r, String expected) {
    ChatModelException e = assertThrows(ChatModelException.class, () -> writer.write(r, MODEL));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }
}
