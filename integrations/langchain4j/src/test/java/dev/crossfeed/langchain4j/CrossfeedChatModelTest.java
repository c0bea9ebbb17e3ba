package dev.crossfeed.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The LangChain4j {@link ChatModel} view of a route, against fake OpenAI and Anthropic servers. */
@Timeout(30)
class CrossfeedChatModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TwoProviders fakes = new TwoProviders();
  private final ChatModel model = CrossfeedChatModel.of(fakes.router());

  interface Assistant {
    String chat(String message);
  }

  static final class WeatherTools {
    final List<String> cities = new ArrayList<>();

    @Tool("Current weather in a city")
    String weather(@P(name = "city", value = "the city") String city) {
      cities.add(city);
      return "sunny, 21C";
    }
  }

  @AfterEach
  void close() {
    fakes.close();
  }

  @Test
  void answerCarriesTextUsageFinishReasonAndTheAnsweringModel() {
    fakes.openAi.enqueue(FakeResponse.text("Paris.").usage(12, 3).model("gpt-4o-mini-2024-07-18").requestId("req_1"));

    ChatResponse r =
        model.chat(
            ChatRequest.builder()
                .messages(SystemMessage.from("Answer in one word."), UserMessage.from("Capital of France?"))
                .temperature(0.2)
                .maxOutputTokens(50)
                .build());

    assertEquals("Paris.", r.aiMessage().text());
    assertEquals(12, r.tokenUsage().inputTokenCount());
    assertEquals(3, r.tokenUsage().outputTokenCount());
    assertEquals(15, r.tokenUsage().totalTokenCount());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals("gpt-4o-mini-2024-07-18", r.modelName());
    assertEquals("req_1", r.id());
    FakeRequest sent = fakes.openAi.takeRequest();
    assertEquals("Answer in one word.", sent.system());
    assertEquals(List.of("Capital of France?"), sent.texts(FakeRequest.Role.USER));
    assertEquals(50, sent.maxOutputTokens().orElseThrow());
    assertEquals(0.2, sent.temperature().orElseThrow());
  }

  @Test
  void aiServiceCallsTheToolAndAnswersWithItsResult() {
    fakes.openAi.enqueue(
        FakeResponse.toolCall("call_1", "weather", "{\"city\":\"Paris\"}"), FakeResponse.text("Sunny in Paris."));
    WeatherTools tools = new WeatherTools();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(tools).build();

    assertEquals("Sunny in Paris.", assistant.chat("Weather in Paris?"));

    assertEquals(List.of("Paris"), tools.cities);
    FakeRequest first = fakes.openAi.takeRequest();
    assertEquals(List.of("weather"), first.toolNames());
    FakeRequest second = fakes.openAi.takeRequest();
    FakeRequest.Message call = second.messages().get(1);
    assertEquals("weather", call.toolCalls().get(0).name());
    assertEquals("call_1", call.toolCalls().get(0).id());
    FakeRequest.Message result = second.toolResults().get(0);
    assertEquals("call_1", result.toolCallId());
    assertEquals("sunny, 21C", result.text());
  }

  @Test
  void aiServiceFailsOverToTheNextModelOn503() {
    fakes.openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    fakes.anthropic.enqueue(FakeResponse.text("From Claude."));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).build();

    assertEquals("From Claude.", assistant.chat("Hi"));

    assertTrue(fakes.openAi.requestCount() >= 1, "gpt was tried first");
    assertEquals(1, fakes.anthropic.requestCount());
  }

  @Test
  void failureIsALangChain4jExceptionWithTheCrossfeedFailureAsCause() {
    fakes.openAi.enqueue(FakeResponse.failure(Failure.AUTHENTICATION));
    fakes.anthropic.enqueue(FakeResponse.failure(Failure.AUTHENTICATION));

    AuthenticationException e = assertThrows(AuthenticationException.class, () -> model.chat("Hi"));

    ChatModelException cause = assertInstanceOf(ChatModelException.class, e.getCause());
    assertEquals(Failure.AUTHENTICATION, cause.failure());
    assertEquals(2, cause.routeTrace().attempts().size(), "both models were tried before giving up");
    assertTrue(e.getMessage().contains("AUTHENTICATION"), e.getMessage());
  }

  @Test
  void invalidRequestIsNotFailedOver() {
    fakes.openAi.enqueue(FakeResponse.failure(Failure.INVALID_REQUEST));

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> model.chat("Hi"));

    assertEquals(Failure.INVALID_REQUEST, ((ChatModelException) e.getCause()).failure());
    assertEquals(0, fakes.anthropic.requestCount());
  }

  @Test
  void messagesOfAConversationReachTheProviderInOrder() {
    fakes.openAi.enqueue(FakeResponse.text("Done."));
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_9").name("lookup").arguments("{\"q\":\"x\"}").build();

    model.chat(
        ChatRequest.builder()
            .messages(
                SystemMessage.from("sys"),
                UserMessage.from(TextContent.from("look at"), ImageContent.from("https://example.com/cat.png")),
                AiMessage.from(call),
                ToolExecutionResultMessage.from(call, "found"),
                UserMessage.from("thanks"))
            .toolSpecifications(ToolSpecification.builder().name("lookup").build())
            .build());

    List<FakeRequest.Message> sent = fakes.openAi.takeRequest().messages();
    assertEquals(4, sent.size());
    assertEquals("look at", sent.get(0).text());
    assertEquals(1, sent.get(0).images());
    assertEquals("call_9", sent.get(1).toolCalls().get(0).id());
    assertEquals("{\"q\":\"x\"}", sent.get(1).toolCalls().get(0).argumentsJson());
    assertEquals("call_9", sent.get(2).toolCallId());
    assertEquals("found", sent.get(2).text());
    assertEquals("thanks", sent.get(3).text());
  }

  @Test
  void toolSchemaToolChoiceAndJsonSchemaFormatAreSentAsJsonSchema() throws Exception {
    fakes.openAi.enqueue(FakeResponse.text("{\"mood\":\"happy\"}"));
    JsonObjectSchema params =
        JsonObjectSchema.builder()
            .addStringProperty("city", "the city")
            .addProperty("days", JsonArraySchema.builder().items(JsonEnumSchema.builder().enumValues("mon", "tue").build()).build())
            .required("city")
            .build();
    JsonSchema schema =
        JsonSchema.builder()
            .name("Mood")
            .rootElement(JsonObjectSchema.builder().addStringProperty("mood").required("mood").additionalProperties(false).build())
            .build();

    ChatResponse r =
        model.chat(
            ChatRequest.builder()
                .messages(UserMessage.from("How do you feel?"))
                .toolSpecifications(ToolSpecification.builder().name("forecast").description("Forecast").parameters(params).build())
                .toolChoice(ToolChoice.REQUIRED)
                .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build())
                .build());

    assertEquals("{\"mood\":\"happy\"}", r.aiMessage().text());
    FakeRequest sent = fakes.openAi.takeRequest();
    JsonNode body = JSON.readTree(sent.body());
    JsonNode tool = body.path("tools").get(0).path("function");
    assertEquals("forecast", tool.path("name").asText());
    assertEquals(
        JSON.readTree(
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"the city\"},"
                + "\"days\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"mon\",\"tue\"]}}},"
                + "\"required\":[\"city\"]}"),
        tool.path("parameters"));
    assertEquals("required", body.path("tool_choice").asText());
    assertEquals("Mood", sent.schemaName().orElseThrow());
    assertEquals(
        JSON.readTree(
            "{\"type\":\"object\",\"properties\":{\"mood\":{\"type\":\"string\"}},\"required\":[\"mood\"],"
                + "\"additionalProperties\":false}"),
        JSON.readTree(sent.schemaJson().orElseThrow()));
  }

  @Test
  void toolCallAnswerHasNoTextAndFinishesWithToolExecution() {
    fakes.openAi.enqueue(FakeResponse.toolCall("call_2", "weather", "{\"city\":\"Oslo\"}"));

    ChatResponse r =
        model.chat(
            ChatRequest.builder()
                .messages(UserMessage.from("Weather?"))
                .toolSpecifications(ToolSpecification.builder().name("weather").build())
                .build());

    assertNull(r.aiMessage().text());
    ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
    assertEquals("call_2", call.id());
    assertEquals("weather", call.name());
    assertEquals("{\"city\":\"Oslo\"}", call.arguments());
    assertEquals(FinishReason.TOOL_EXECUTION, r.finishReason());
  }

  @Test
  void parametersARouteCannotCarryFailNamingThemBeforeAnyCall() {
    UnsupportedFeatureException e =
        assertThrows(
            UnsupportedFeatureException.class,
            () -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).topK(5).build()));

    assertTrue(e.getMessage().contains("topK"), e.getMessage());
    assertEquals(0, fakes.openAi.requestCount());
  }

  @Test
  void builderWithoutRouteFailsNamingIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CrossfeedChatModel.builder().build());
    assertTrue(e.getMessage().contains("route"), e.getMessage());
  }
}
