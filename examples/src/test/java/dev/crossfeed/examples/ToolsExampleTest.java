package dev.crossfeed.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ToolsExampleTest {
  @AutoClose final FakeOpenAiServer server = new FakeOpenAiServer();

  @Test
  void runsTheToolTheModelAsksForAndSendsTheResultBack() {
    server.enqueue(
        FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"),
        FakeResponse.text("Yes, take an umbrella: it is raining in Oslo."));
    ChatModel gpt = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test")).model("gpt-4o-mini").build();
    List<String> asked = new ArrayList<>();

    String answer = ToolsExample.ask(gpt, "Umbrella in Oslo?", city -> {
      asked.add(city);
      return "{\"sky\":\"rain\"}";
    });

    assertEquals("Yes, take an umbrella: it is raining in Oslo.", answer);
    assertEquals(List.of("Oslo"), asked);
    assertEquals(List.of("get_weather"), server.takeRequest().toolNames());
    FakeRequest second = server.takeRequest();
    FakeRequest.Message result = second.toolResults().get(0);
    assertEquals("call_1", result.toolCallId());
    assertEquals("{\"sky\":\"rain\"}", result.text());
    assertEquals("get_weather", second.messages().get(1).toolCalls().get(0).name()); // the model's turn was sent back
  }
}
