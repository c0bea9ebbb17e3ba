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
    /** The chat (or messages, or generate-content) endpoint. */
    CHAT,
    /** The embeddings endpoint. */
    EMBEDDINGS,
    /** Any other path. */
    OTHER
  }

  /** Conversation roles (the system prompt is {@link #system()}). */
  public enum Role {
    /** A user turn. */
    USER,
    /** An assistant turn. */
    ASSISTANT,
    /** A tool result. */
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
    /**
     * Copies the tool calls; null strings become empty.
     *
     * @param role who speaks
     * @param text the text parts joined
     * @param images image parts in the message
     * @param toolCalls tool calls of an assistant message
     * @param toolCallId for a tool result, the call it answers
     */
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

  /**
   * A builder for a fake's parser.
   *
   * @param number the request's position among those the server received, from 1
   * @param recorded the raw request
   * @return a new builder
   */
  public static Builder builder(int number, RecordedRequest recorded) {
    return new Builder(number, recorded);
  }

  /** {@return the request's position among those this server received, from 1} */
  public int number() {
    return number;
  }

  /** {@return the raw request as mockwebserver3 recorded it} */
  public RecordedRequest recorded() {
    return recorded;
  }

  /** {@return which endpoint was called} */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** {@return the HTTP method, e.g. {@code POST}} */
  public String method() {
    return recorded.getMethod();
  }

  /** {@return the path with query, e.g. {@code /v1/chat/completions}} */
  public String target() {
    return recorded.getTarget();
  }

  /** {@return the body as UTF-8 text; empty if none} */
  public String body() {
    return recorded.getBody() == null ? "" : recorded.getBody().string(StandardCharsets.UTF_8);
  }

  /** {@return headers by lower-case name (first value)} */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * One header's first value.
   *
   * @param name the header's name, any case
   * @return the value, or empty if the header was not sent
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** {@return true if the client asked for a streamed answer} */
  public boolean stream() {
    return stream;
  }

  /** {@return the model named by the request (body or URL); empty if none} */
  public String model() {
    return model;
  }

  /** {@return the system prompt as the provider places it (messages or a top-level field), joined; empty if none} */
  public String system() {
    return system;
  }

  /** {@return the conversation, in order, without system messages} */
  public List<Message> messages() {
    return messages;
  }

  /**
   * The texts of the messages with this role, in order.
   *
   * @param role the role
   * @return their texts
   */
  public List<String> texts(Role role) {
    List<String> out = new ArrayList<>();
    for (Message m : messages) if (m.role() == role) out.add(m.text());
    return out;
  }

  /** {@return image parts over all messages} */
  public int imageCount() {
    int n = 0;
    for (Message m : messages) n += m.images();
    return n;
  }

  /** {@return the tool-result messages, in order} */
  public List<Message> toolResults() {
    List<Message> out = new ArrayList<>();
    for (Message m : messages) if (m.role() == Role.TOOL) out.add(m);
    return out;
  }

  /** {@return names of the tools offered, in order} */
  public List<String> toolNames() {
    return toolNames;
  }

  /** {@return the output token cap sent, if any} */
  public OptionalInt maxOutputTokens() {
    return maxOutputTokens == null ? OptionalInt.empty() : OptionalInt.of(maxOutputTokens);
  }

  /** {@return the temperature sent, if any} */
  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  /** {@return the response format asked for; TEXT when none} */
  public ResponseFormat.Type responseFormat() {
    return responseFormat;
  }

  /** {@return the JSON schema's name, for {@link ResponseFormat.Type#JSON_SCHEMA}} */
  public Optional<String> schemaName() {
    return Optional.ofNullable(schemaName);
  }

  /** {@return the JSON schema sent, re-serialised compactly, for {@link ResponseFormat.Type#JSON_SCHEMA}} */
  public Optional<String> schemaJson() {
    return Optional.ofNullable(schemaJson);
  }

  /** {@return for embeddings: the inputs, in order} */
  public List<String> inputs() {
    return inputs;
  }

  /** {@return why the fake could not parse the request, if it could not (it then answered 400)} */
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

    /**
     * Sets the endpoint called.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder endpoint(Endpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
      return this;
    }

    /**
     * Sets whether a streamed answer was asked for.
     *
     * @param stream true for a stream
     * @return this builder
     */
    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    /**
     * Sets the model the request names.
     *
     * @param model the model id; null means none
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model == null ? "" : model;
      return this;
    }

    /**
     * Appends to the system prompt (joined with a newline).
     *
     * @param text the text; null or empty adds nothing
     * @return this builder
     */
    public Builder addSystem(String text) {
      if (text != null && !text.isEmpty()) system = system.isEmpty() ? text : system + "\n" + text;
      return this;
    }

    /**
     * Appends a conversation message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(Message message) {
      messages.add(Objects.requireNonNull(message, "message == null"));
      return this;
    }

    /**
     * Adds the name of a tool offered.
     *
     * @param name the tool's name
     * @return this builder
     */
    public Builder toolName(String name) {
      toolNames.add(Objects.requireNonNull(name, "name == null"));
      return this;
    }

    /**
     * Sets the output token cap sent.
     *
     * @param tokens the cap; null means none
     * @return this builder
     */
    public Builder maxOutputTokens(Integer tokens) {
      this.maxOutputTokens = tokens;
      return this;
    }

    /**
     * Sets the temperature sent.
     *
     * @param temperature the temperature; null means none
     * @return this builder
     */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets the response format asked for.
     *
     * @param type the kind of format
     * @param schemaName the schema's name, for a JSON schema
     * @param schemaJson the schema, for a JSON schema
     * @return this builder
     */
    public Builder responseFormat(ResponseFormat.Type type, String schemaName, String schemaJson) {
      this.responseFormat = Objects.requireNonNull(type, "type == null");
      this.schemaName = schemaName;
      this.schemaJson = schemaJson;
      return this;
    }

    /**
     * Adds an embedding input.
     *
     * @param input the text
     * @return this builder
     */
    public Builder input(String input) {
      inputs.add(Objects.requireNonNull(input, "input == null"));
      return this;
    }

    /**
     * Records why the request could not be parsed.
     *
     * @param parseError what was wrong
     * @return this builder
     */
    public Builder parseError(String parseError) {
      this.parseError = parseError;
      return this;
    }

    /** {@return the immutable request} */
    public FakeRequest build() {
      return new FakeRequest(this);
    }
  }
}
