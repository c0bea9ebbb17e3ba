package dev.crossfeed.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import reactor.core.Disposable;

/** A route as Spring AI's chat model, driven through {@link ChatClient} against fake OpenAI and Anthropic servers. */
@Timeout(30)
class CrossfeedChatModelTest {
  private final TwoProviders fakes = new TwoProviders();
  private final ChatClient chat = ChatClient.create(CrossfeedChatModel.of(fakes.router()));

  static final class WeatherTools {
    final List<String> cities = new CopyOnWriteArrayList<>();

    @Tool(description = "Current weather in a city")
    String weather(@ToolParam(description = "the city") String city) {
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
        chat.prompt()
            .system("Answer in one word.")
            .user("Capital of France?")
            .options(ChatOptions.builder().temperature(0.2).maxTokens(50).build())
            .call()
            .chatResponse();

    assertEquals("Paris.", r.getResult().getOutput().getText());
    assertEquals("STOP", r.getResult().getMetadata().getFinishReason());
    assertEquals(12, r.getMetadata().getUsage().getPromptTokens());
    assertEquals(3, r.getMetadata().getUsage().getCompletionTokens());
    assertEquals(15, r.getMetadata().getUsage().getTotalTokens());
    assertEquals("gpt-4o-mini-2024-07-18", r.getMetadata().getModel());
    assertEquals("req_1", r.getMetadata().getId());
    assertEquals("openai", r.getMetadata().get("crossfeed.provider"));
    FakeRequest sent = fakes.openAi.takeRequest();
    assertEquals("Answer in one word.", sent.system());
    assertEquals(List.of("Capital of France?"), sent.texts(FakeRequest.Role.USER));
    assertEquals(50, sent.maxOutputTokens().orElseThrow());
    assertEquals(0.2, sent.temperature().orElseThrow());
  }

  @Test
  void chatClientRunsTheToolAndAnswersWithItsResult() {
    fakes.openAi.enqueue(
        FakeResponse.toolCall("call_1", "weather", "{\"city\":\"Paris\"}"), FakeResponse.text("Sunny in Paris."));
    WeatherTools tools = new WeatherTools();

    assertEquals("Sunny in Paris.", chat.prompt().user("Weather in Paris?").tools(tools).call().content());

    assertEquals(List.of("Paris"), tools.cities);
    assertEquals(List.of("weather"), fakes.openAi.takeRequest().toolNames());
    FakeRequest second = fakes.openAi.takeRequest();
    assertEquals("call_1", second.messages().get(1).toolCalls().get(0).id());
    FakeRequest.Message result = second.toolResults().get(0);
    assertEquals("call_1", result.toolCallId());
    assertEquals("\"sunny, 21C\"", result.text());
  }

  /** A structured answer for {@code ChatClient.entity}. */
  record Forecast(String city, int celsius) {}

  @Test
  void chatClientEntityReadsAStructuredAnswer() {
    fakes.openAi.enqueue(FakeResponse.text("{\"city\":\"Paris\",\"celsius\":21}"));

    Forecast f = chat.prompt().user("Forecast for Paris?").call().entity(Forecast.class);

    assertEquals(new Forecast("Paris", 21), f);
    assertTrue(fakes.openAi.takeRequest().texts(FakeRequest.Role.USER).get(0).contains("JSON"), "Spring AI's format instructions were sent");
  }

  @Test
  void withInternalToolExecutionOffTheToolCallsReturnToTheCaller() {
    fakes.openAi.enqueue(FakeResponse.toolCall("call_2", "weather", "{\"city\":\"Oslo\"}"));
    WeatherTools tools = new WeatherTools();

    ChatResponse r =
        chat.prompt()
            .user("Weather?")
            .tools(tools)
            .options(ToolCallingChatOptions.builder().internalToolExecutionEnabled(false).build())
            .call()
            .chatResponse();

    AssistantMessage.ToolCall call = r.getResult().getOutput().getToolCalls().get(0);
    assertEquals("call_2", call.id());
    assertEquals("weather", call.name());
    assertEquals("{\"city\":\"Oslo\"}", call.arguments());
    assertEquals("TOOL_CALLS", r.getResult().getMetadata().getFinishReason());
    assertTrue(tools.cities.isEmpty());
    assertEquals(1, fakes.openAi.requestCount());
  }

  @Test
  void chatClientFailsOverToTheNextModelOn503() {
    fakes.openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    fakes.anthropic.enqueue(FakeResponse.text("From Claude."));

    ChatResponse r = chat.prompt().user("Hi").call().chatResponse();

    assertEquals("From Claude.", r.getResult().getOutput().getText());
    assertEquals("anthropic", r.getMetadata().get("crossfeed.provider"));
    RouteTrace trace = r.getMetadata().get("crossfeed.routeTrace");
    assertEquals("claude", trace.last().orElseThrow().model());
    assertEquals(1, fakes.anthropic.requestCount());
  }

  @Test
  void failureIsTheCrossfeedExceptionWithItsKindAndTrace() {
    fakes.openAi.enqueue(FakeResponse.failure(Failure.AUTHENTICATION));
    fakes.anthropic.enqueue(FakeResponse.failure(Failure.AUTHENTICATION));

    ChatModelException e = assertThrows(ChatModelException.class, () -> chat.prompt().user("Hi").call().content());

    assertEquals(Failure.AUTHENTICATION, e.failure());
    assertEquals(2, e.routeTrace().attempts().size());
  }

  @Test
  void chatClientStreamsTextChunks() {
    fakes.openAi.enqueue(FakeResponse.textChunks("Hel", "lo", " world").usage(5, 3));

    List<ChatResponse> chunks = chat.prompt().user("Hi").stream().chatResponse().collectList().block();

    List<String> texts = new ArrayList<>();
    for (ChatResponse c : chunks) texts.add(c.getResult().getOutput().getText());
    assertEquals(List.of("Hel", "lo", " world", ""), texts);
    ChatResponse last = chunks.get(chunks.size() - 1);
    assertEquals("STOP", last.getResult().getMetadata().getFinishReason());
    assertEquals(5, last.getMetadata().getUsage().getPromptTokens());
    assertTrue(fakes.openAi.takeRequest().stream());
  }

  @Test
  void streamFailsOverOn503BeforeTheFirstToken() {
    fakes.openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    fakes.anthropic.enqueue(FakeResponse.textChunks("From ", "Claude."));

    assertEquals("From Claude.", String.join("", chat.prompt().user("Hi").stream().content().collectList().block()));
    assertEquals(1, fakes.anthropic.requestCount());
  }

  @Test
  void streamInterruptedAfterContentIsNotReplayedAndCarriesThePartialAnswer() {
    fakes.openAi.enqueue(FakeResponse.textChunks("Hel", "lo").errorAfter(1, Failure.SERVER_ERROR));
    fakes.anthropic.enqueue(FakeResponse.text("never sent"));
    List<String> received = new CopyOnWriteArrayList<>();

    ChatModelException e =
        assertThrows(
            ChatModelException.class,
            () -> chat.prompt().user("Hi").stream().content().doOnNext(received::add).blockLast());

    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hel", e.partialResponse().orElseThrow().text());
    assertEquals(List.of("Hel"), received);
    assertEquals(0, fakes.anthropic.requestCount(), "nothing is replayed on another model");
  }

  @Test
  void streamRunsToolsThenStreamsTheFollowUp() {
    fakes.openAi.enqueue(
        FakeResponse.toolCall("call_1", "weather", "{\"city\":\"Rome\"}"), FakeResponse.textChunks("Sunny ", "in Rome."));
    WeatherTools tools = new WeatherTools();

    String answer = String.join("", chat.prompt().user("Weather in Rome?").tools(tools).stream().content().collectList().block());

    assertEquals("Sunny in Rome.", answer);
    assertEquals(List.of("Rome"), tools.cities);
    fakes.openAi.takeRequest();
    assertEquals("call_1", fakes.openAi.takeRequest().toolResults().get(0).toolCallId());
  }

  @Test
  void disposingTheFluxClosesTheCrossfeedStream() throws Exception {
    fakes.openAi.enqueue(FakeResponse.textChunks("one", "two").stallAfter(1, Duration.ofSeconds(20)));
    StreamCloseRecorder gpt = new StreamCloseRecorder(fakes.gpt());
    ChatClient client = ChatClient.create(CrossfeedChatModel.of(fakes.router(gpt)));
    CompletableFuture<String> first = new CompletableFuture<>();

    Disposable subscription = client.prompt().user("Hi").stream().content().subscribe(first::complete);
    assertEquals("one", first.get(10, TimeUnit.SECONDS));
    subscription.dispose();

    gpt.closed.get(10, TimeUnit.SECONDS); // long before the fake's 20 s stall ends
  }

  @Test
  void takeCancelsUpstreamAndClosesTheCrossfeedStream() throws Exception {
    fakes.openAi.enqueue(FakeResponse.textChunks("one", "two").stallAfter(1, Duration.ofSeconds(20)));
    StreamCloseRecorder gpt = new StreamCloseRecorder(fakes.gpt());

    List<String> taken =
        ChatClient.create(CrossfeedChatModel.of(fakes.router(gpt))).prompt().user("Hi").stream().content().take(1).collectList().block();

    assertEquals(List.of("one"), taken);
    gpt.closed.get(10, TimeUnit.SECONDS);
  }

  @Test
  void optionsARouteCannotHonourFailNamingThemBeforeAnyCall() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossfeedChatModel.of(fakes.router()).call(new Prompt("Hi", ChatOptions.builder().topK(5).build())));

    assertTrue(e.getMessage().contains("topK"), e.getMessage());
    assertEquals(0, fakes.openAi.requestCount());
  }

  @Test
  void builderWithoutRouteFailsNamingIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CrossfeedChatModel.builder().build());
    assertTrue(e.getMessage().contains("route"), e.getMessage());
  }
}
