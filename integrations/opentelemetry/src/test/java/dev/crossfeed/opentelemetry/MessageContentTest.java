package dev.crossfeed.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.ContentPart;
import dev.crossfeed.FinishReason;
import dev.crossfeed.Message;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The opt-in content JSON: the shapes of the conventions' message schemas, valid JSON even when cut. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MessageContentTest {
  private final MessageContent content = new MessageContent(8192);

  @Test
  void aConversationWithAToolRoundTripIsWrittenInTheConventionsShape() {
    List<Message> messages =
        List.of(
            Message.system("You are terse."),
            Message.user("Weather in Paris?"),
            Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}"))),
            Message.toolResult("call_1", "get_weather", "rainy, 57°F"));

    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]},"
            + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\"}]},"
            + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":\"rainy, 57°F\"}]}]",
        content.inputMessages(messages));
    assertEquals("[{\"type\":\"text\",\"content\":\"You are terse.\"}]", content.systemInstructions(messages));
  }

  @Test
  void anAnswerWithToolCallsNamesTheFinishReasonOfTheSchema() {
    ChatResponse r =
        ChatResponse.builder()
            .text("Checking.")
            .toolCalls(List.of(new ToolCall("c1", "lookup", "{}")))
            .finishReason(FinishReason.TOOL_CALLS)
            .build();
    assertEquals(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Checking.\"},"
            + "{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"lookup\",\"arguments\":\"{}\"}],\"finish_reason\":\"tool_call\"}]",
        content.outputMessages(r));
  }

  @Test
  void imageBytesAreNeverWrittenOnlyTheirMediaTypeAndUrlsAreKept() {
    List<Message> messages =
        List.of(
            Message.user(
                ContentPart.text("What is this?"),
                ContentPart.imageBytes(new byte[] {1, 2, 3}, "image/png"),
                ContentPart.imageUrl("data:image/jpeg;base64,AAAA"),
                ContentPart.imageUrl("https://example.com/cat.png")));
    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is this?\"},"
            + "{\"type\":\"blob\",\"modality\":\"image\",\"mime_type\":\"image/png\"},"
            + "{\"type\":\"blob\",\"modality\":\"image\",\"mime_type\":\"image/jpeg\"},"
            + "{\"type\":\"uri\",\"modality\":\"image\",\"uri\":\"https://example.com/cat.png\"}]}]",
        content.inputMessages(messages));
  }

  @Test
  void longTextIsCutPerValueKeepingTheJsonValidAndControlCharactersEscaped() {
    MessageContent cut = new MessageContent(5);
    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"line1…\"}]}]",
        cut.inputMessages(List.of(Message.user("line1\nline2"))));
    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"a\\tb\\u0001\\\"\"}]}]",
        content.inputMessages(List.of(Message.user("a\tb\u0001\""))));
    // a surrogate pair is never split by the cut
    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"abcd…\"}]}]",
        cut.inputMessages(List.of(Message.user("abcd\uD83D\uDE00"))));
  }

  @Test
  void toolDefinitionsLeaveTheParameterSchemaOut() {
    assertEquals(
        "[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Current weather\"}]",
        content.toolDefinitions(List.of(ToolSpec.of("get_weather", "Current weather", "{\"type\":\"object\"}"))));
    assertEquals("", content.toolDefinitions(List.of()));
  }
}
