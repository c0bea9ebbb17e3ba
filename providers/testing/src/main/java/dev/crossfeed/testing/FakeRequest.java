package dev.crossfeed.testing;

import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import mockwebserver3.RecordedRequest;

/**
 * What a client sent to a {@link FakeProviderServer}, in a provider-neutral view parsed by the fake from its
 * native request format, plus the raw {@link #recorded() RecordedRequest} for exact-JSON assertions. Lets one
 * conformance test check any provider: "the system prompt arrived as the system prompt", "two images were sent",
 * "the tool result for call_1 came back".
 *
 * <pre>{@code
 * FakeRequest sent = server.takeRequest();
 * assertEquals("Be brief.", sent.system());
 * assertEquals(List.of("Hi"), sent.texts(FakeRequest.Role.USER));
 * assertTrue(sent.stream());
 * assertEquals("Bearer sk-test", sent.header("authorization").orElseThrow());
 * }</pre>
 *
 * <p>Immutable. Built by fakes with {@link #builder}; system messages are not part of {@link #messages()}.
 */
public final class FakeRequest {
  /** Which endpoint was called. */
  public enum Endpoint {
    CHAT,
    EMBEDDINGS,
    OTHER
  }

  /** Conversation roles (the system prompt is {@link #system()}). */
  public enum Role {
    USER,
    ASSISTANT,
    TOOL
  }

  /**
   * One conversation message as sent.
   *
   * @param role who speaks
   * @param text the text parts joined (for a tool result: its content)
   * @param images image parts in the message
   * @param toolCalls tool calls of an assistant message
   * @param toolCallId for a tool result, the call it answers; empty otherwise
   */
  public record Message(Role role, String text, int images, List<ToolCall> toolCalls, String toolCallId) {
    public Message {
      Objects.requireNonNull(role, "role == null");
      text = text == null ? "" : text;
      toolCalls = List.copyOf(toolCalls);
      toolCallId = toolCallId == null ? "" : toolCallId;
    }
  }

  private final int number;
  private final RecordedRequest recorded;
  private final Endpoint endpoint;
  private final Map<String, String> headers;
  private final boolean stream;
  private final String model;
  private final String system;
  private final List<Message> messages;
  private final List<String> toolNames;
  private final Integer maxOutputTokens;
  private final Double temperature;
  private final ResponseFormat.Type responseFormat;
  private final String schemaName;
  private final String schemaJson;
  private final List<String> inputs;
  private final String parseError;

  private FakeRequest(Builder b) {
    number = b.number;
    recorded = b.recorded;
    endpoint = b.endpoint;
    Map<String, String> h = new LinkedHashMap<>();
    for (String name : recorded.getHeaders().names()) {
      h.put(name.toLowerCase(Locale.ROOT), recorded.getHeaders().get(name));
    }
    headers = Collections.unmodifiableMap(h);
    stream = b.stream;
    model = b.model;
    system = b.system;
    messages = List.copyOf(b.messages);
    toolNames = List.copyOf(b.toolNames);
    maxOutputTokens = b.maxOutputTokens;
    temperature = b.temperature;
    responseFormat = b.responseFormat;
    schemaName = b.schemaName;
    schemaJson = b.schemaJson;
    inputs = List.copyOf(b.inputs);
    parseError = b.parseError;
  }

  /** A builder for a fake's parser: the request number (from 1) and the raw request. */
  public static Builder builder(int number, RecordedRequest recorded) {
    return new Builder(number, recorded);
  }

  /** The request's position among those this server received, from 1. */
  public int number() {
    return number;
  }

  /** The raw request as mockwebserver3 recorded it. */
  public RecordedRequest recorded() {
    return recorded;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public String method() {
    return recorded.getMethod();
  }

  /** The path with query, e.g. {@code /v1/chat/completions}. */
  public String target() {
    return recorded.getTarget();
  }

  /** The body as UTF-8 text; empty if none. */
  public String body() {
    return recorded.getBody() == null ? "" : recorded.getBody().string(StandardCharsets.UTF_8);
  }

  /** Headers by lower-case name (first value). */
  public Map<String, String> headers() {
    return headers;
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** True if the client asked for a streamed answer. */
  public boolean stream() {
    return stream;
  }

  /** The model named by the request (body or URL); empty if none. */
  public String model() {
    return model;
  }

  /** The system prompt as the provider places it (messages or a top-level field), joined; empty if none. */
  public String system() {
    return system;
  }

  /** The conversation, in order, without system messages. */
  public List<Message> messages() {
    return messages;
  }

  /** The texts of the messages with this role, in order. */
  public List<String> texts(Role role) {
    List<String> out = new ArrayList<>();
    for (Message m : messages) if (m.role() == role) out.add(m.text());
    return out;
  }

  /** Image parts over all messages. */
  public int imageCount() {
    int n = 0;
    for (Message m : messages) n += m.images();
    return n;
  }

  /** The tool-result messages, in order. */
  public List<Message> toolResults() {
    List<Message> out = new ArrayList<>();
    for (Message m : messages) if (m.role() == Role.TOOL) out.add(m);
    return out;
  }

  /** Names of the tools offered, in order. */
  public List<String> toolNames() {
    return toolNames;
  }

  public OptionalInt maxOutputTokens() {
    return maxOutputTokens == null ? OptionalInt.empty() : OptionalInt.of(maxOutputTokens);
  }

  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  /** The response format asked for; TEXT when none. */
  public ResponseFormat.Type responseFormat() {
    return responseFormat;
  }

  public Optional<String> schemaName() {
    return Optional.ofNullable(schemaName);
  }

  /** The JSON schema sent, re-serialised compactly, for {@link ResponseFormat.Type#JSON_SCHEMA}. */
  public Optional<String> schemaJson() {
    return Optional.ofNullable(schemaJson);
  }

  /** For embeddings: the inputs. */
  public List<String> inputs() {
    return inputs;
  }

  /** Why the fake could not parse the request, if it could not (it then answered 400). */
  public Optional<String> parseError() {
    return Optional.ofNullable(parseError);
  }

  @Override
  public String toString() {
    return "FakeRequest#" + number + '{' + method() + ' ' + target() + (stream ? ", stream" : "")
        + (model.isEmpty() ? "" : ", model=" + model) + ", messages=" + messages.size() + '}';
  }

  /** Builds a {@link FakeRequest}. Not thread-safe. */
  public static final class Builder {
    private final int number;
    private final RecordedRequest recorded;
    private Endpoint endpoint = Endpoint.OTHER;
    private boolean stream;
    private String model = "";
    private String system = "";
    private final List<Message> messages = new ArrayList<>();
    private final List<String> toolNames = new ArrayList<>();
    private Integer maxOutputTokens;
    private Double temperature;
    private ResponseFormat.Type responseFormat = ResponseFormat.Type.TEXT;
    private String schemaName;
    private String schemaJson;
    private final List<String> inputs = new ArrayList<>();
    private String parseError;

    private Builder(int number, RecordedRequest recorded) {
      this.number = number;
      this.recorded = Objects.requireNonNull(recorded, "recorded == null");
    }

    public Builder endpoint(Endpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
      return this;
    }

    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    public Builder model(String model) {
      this.model = model == null ? "" : model;
      return this;
    }

    /** Appends to the system prompt (joined with a newline). */
    public Builder addSystem(String text) {
      if (text != null && !text.isEmpty()) system = system.isEmpty() ? text : system + "\n" + text;
      return this;
    }

    public Builder message(Message message) {
      messages.add(Objects.requireNonNull(message, "message == null"));
      return this;
    }

    public Builder toolName(String name) {
      toolNames.add(Objects.requireNonNull(name, "name == null"));
      return this;
    }

    public Builder maxOutputTokens(Integer tokens) {
      this.maxOutputTokens = tokens;
      return this;
    }

    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder responseFormat(ResponseFormat.Type type, String schemaName, String schemaJson) {
      this.responseFormat = Objects.requireNonNull(type, "type == null");
      this.schemaName = schemaName;
      this.schemaJson = schemaJson;
      return this;
    }

    public Builder input(String input) {
      inputs.add(Objects.requireNonNull(input, "input == null"));
      return this;
    }

    public Builder parseError(String parseError) {
      this.parseError = parseError;
      return this;
    }

    public FakeRequest build() {
      return new FakeRequest(this);
    }
  }
}
