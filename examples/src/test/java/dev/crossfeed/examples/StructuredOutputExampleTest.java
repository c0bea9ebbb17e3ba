package dev.crossfeed.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StructuredOutputExampleTest {
  @AutoClose final FakeOpenAiServer server = new FakeOpenAiServer();

  private ChatModel gpt() {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test")).model("gpt-4o-mini").build();
  }

  @Test
  void asksForTheSchemaAndMapsTheAnswerToARecord() {
    server.enqueue(FakeResponse.text("{\"country\":\"Norway\",\"city\":\"Oslo\",\"population\":717710}"));

    StructuredOutputExample.Capital c = StructuredOutputExample.capitalOf(gpt(), "Norway");

    assertEquals(new StructuredOutputExample.Capital("Norway", "Oslo", 717710), c);
    FakeRequest sent = server.takeRequest();
    assertEquals(ResponseFormat.Type.JSON_SCHEMA, sent.responseFormat());
    assertEquals("capital", sent.schemaName().orElseThrow());
    assertTrue(sent.schemaJson().orElseThrow().contains("\"population\""));
  }

  @Test
  void anAnswerOfTheWrongShapeIsReportedClearly() {
    server.enqueue(FakeResponse.text("Oslo, obviously."));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> StructuredOutputExample.capitalOf(gpt(), "Norway"));

    assertTrue(e.getMessage().contains("is not a Capital"), e.getMessage());
  }
}
