package dev.crossfeed.adversarial;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.gemini.GeminiChatModel;
import dev.crossfeed.http.HttpClients;
import dev.crossfeed.ollama.OllamaChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeGeminiServer;
import dev.crossfeed.testing.FakeOllamaServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeProviderServer;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * The four providers under attack: how to build each against a base URL, its wire samples and framing, and
 * provider-specific hostile events (unknown event types, impossible indexes).
 */
enum Provider {
  OPENAI("text/event-stream", "/v1") {
    @Override
    ChatModel build(String root, OkHttpClient client, ApiKey key, Duration timeout) {
      return OpenAiChatModel.builder().baseUrl(root + "/v1").client(client == null ? HttpClients.shared() : client).apiKey(key).model("gpt-4o-mini").timeout(timeout).build();
    }

    @Override
    Object builder(String root, ApiKey key) {
      return OpenAiChatModel.builder().baseUrl(root + "/v1").apiKey(key).model("gpt-4o-mini");
    }

    @Override
    FakeProviderServer fake() {
      return new FakeOpenAiServer();
    }
  },
  ANTHROPIC("text/event-stream", "") {
    @Override
    ChatModel build(String root, OkHttpClient client, ApiKey key, Duration timeout) {
      return AnthropicChatModel.builder().baseUrl(root).client(client == null ? HttpClients.shared() : client).apiKey(key).model("claude-haiku-4-5").timeout(timeout).build();
    }

    @Override
    Object builder(String root, ApiKey key) {
      return AnthropicChatModel.builder().baseUrl(root).apiKey(key).model("claude-haiku-4-5");
    }

    @Override
    FakeProviderServer fake() {
      return new FakeAnthropicServer();
    }
  },
  GEMINI("text/event-stream", "/v1beta") {
    @Override
    ChatModel build(String root, OkHttpClient client, ApiKey key, Duration timeout) {
      return GeminiChatModel.builder().baseUrl(root + "/v1beta").client(client == null ? HttpClients.shared() : client).apiKey(key).model("gemini-2.5-flash").timeout(timeout).build();
    }

    @Override
    Object builder(String root, ApiKey key) {
      return GeminiChatModel.builder().baseUrl(root + "/v1beta").apiKey(key).model("gemini-2.5-flash");
    }

    @Override
    FakeProviderServer fake() {
      return new FakeGeminiServer();
    }
  },
  OLLAMA("application/x-ndjson", "") {
    @Override
    ChatModel build(String root, OkHttpClient client, ApiKey key, Duration timeout) {
      return OllamaChatModel.builder().baseUrl(root).client(client == null ? HttpClients.shared() : client).apiKey(key).model("llama3.2").timeout(timeout).build();
    }

    @Override
    Object builder(String root, ApiKey key) {
      return OllamaChatModel.builder().baseUrl(root).apiKey(key).model("llama3.2");
    }

    @Override
    FakeProviderServer fake() {
      return new FakeOllamaServer();
    }
  };

  final String streamContentType;
  /** The path prefix the provider's base URL carries on its fake server. */
  final String basePath;

  Provider(String streamContentType, String basePath) {
    this.streamContentType = streamContentType;
    this.basePath = basePath;
  }

  /**
   * A model talking to {@code root} (scheme, host and port, no path), with {@code key}, bounded by {@code timeout}, on
   * {@code client} (null: the default shared client, as a model built without {@code client(...)} uses).
   */
  abstract ChatModel build(String root, OkHttpClient client, ApiKey key, Duration timeout);

  /** An unbuilt builder holding {@code key}, for its {@code toString()}. */
  abstract Object builder(String root, ApiKey key);

  /** A fake server for this provider (crossfeed-testing). */
  abstract FakeProviderServer fake();

  String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The name of the stream parser: SSE for all but Ollama (NDJSON). */
  String streamParser() {
    return this == OLLAMA ? "ndjson" : "sse";
  }

  String jsonSeed() {
    switch (this) {
      case OPENAI:
        return Seeds.openAiJson();
      case ANTHROPIC:
        return Seeds.anthropicJson();
      case GEMINI:
        return Seeds.geminiJson();
      default:
        return Seeds.ollamaJson();
    }
  }

  String streamSeed() {
    switch (this) {
      case OPENAI:
        return Seeds.openAiSse();
      case ANTHROPIC:
        return Seeds.anthropicSse();
      case GEMINI:
        return Seeds.geminiSse();
      default:
        return Seeds.ollamaNdjson();
    }
  }

  /** The separator between stream events in this provider's framing. */
  String eventSeparator() {
    switch (this) {
      case OLLAMA:
        return "\n";
      case GEMINI:
        return "\r\n\r\n";
      default:
        return "\n\n";
    }
  }

  /** What a stream sends before its first content event (may be empty). */
  String streamPrelude() {
    switch (this) {
      case ANTHROPIC:
        return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
      case OPENAI:
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";
      default:
        return "";
    }
  }

  /** One framed stream event carrying {@code text} (ASCII, nothing to escape) as answer text. */
  String contentEvent(String text) {
    switch (this) {
      case OPENAI:
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
      case ANTHROPIC:
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
      case GEMINI:
        return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},\"index\":0}]}\r\n\r\n";
      default:
        return "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"done\":false}\n";
    }
  }

  /** A framed keep-alive that carries no content (SSE comment, Anthropic ping, blank NDJSON line). */
  String idleEvent() {
    switch (this) {
      case ANTHROPIC:
        return "event: ping\ndata: {\"type\":\"ping\"}\n\n";
      case OLLAMA:
        return "\n";
      default:
        return ": keep-alive\n\n";
    }
  }

  /** The start of a JSON answer whose text never ends: append {@code x} forever. */
  String endlessJsonPrefix() {
    switch (this) {
      case OPENAI:
        return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"";
      case ANTHROPIC:
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"";
      case GEMINI:
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"";
      default:
        return "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"";
    }
  }

  /** The provider's error envelope for an authentication failure saying {@code message} (JSON-safe text). */
  String errorJson(String message) {
    switch (this) {
      case OPENAI:
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
      case ANTHROPIC:
        return "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"" + message + "\"},\"request_id\":\"req_1\"}";
      case GEMINI:
        return "{\"error\":{\"code\":400,\"message\":\"" + message + "\",\"status\":\"INVALID_ARGUMENT\"}}";
      default:
        return "{\"error\":\"" + message + "\"}";
    }
  }

  /** A whole 200 stream: one content event, then the provider's in-stream error saying {@code message}. */
  String streamWithError(String message) {
    String error;
    switch (this) {
      case OPENAI:
        error = "data: {\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\"}}\n\n";
        break;
      case ANTHROPIC:
        error = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"" + message + "\"}}\n\n";
        break;
      case GEMINI:
        error = "data: {\"error\":{\"code\":503,\"message\":\"" + message + "\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n";
        break;
      default:
        error = "{\"error\":\"" + message + "\"}\n";
        break;
    }
    return streamPrelude() + contentEvent("Hel") + error;
  }

  /** Events a parser has never seen or that make no sense (unknown types, impossible indexes), framed. */
  List<String> strangeEvents() {
    switch (this) {
      case OPENAI:
        return List.of(
            "event: surprise\ndata: {\"type\":\"unknown_event\"}\n\n",
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.mystery\",\"choices\":[{\"index\":7,\"delta\":{\"hologram\":true}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":2147483647,\"function\":{\"arguments\":\"x\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":-5,\"id\":\"c\",\"function\":{\"name\":\"g\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":{\"nested\":[1,2]}}}]}\n\n",
            "data: [DONE]\n\n",
            "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n",
            ": keep-alive\n\n",
            "retry: 99999999999999999999\nid: \u0000\n\n");
      case ANTHROPIC:
        return List.of(
            "event: brand_new_event\ndata: {\"type\":\"brand_new_event\",\"x\":1}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":5,\"content_block\":{\"type\":\"hologram\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2147483647,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":-1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"quantum_delta\"}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":null}\n\n",
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
            "event: ping\ndata: \n\n");
      case GEMINI:
        return List.of(
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"hologram\":{\"x\":1}}],\"role\":\"model\"}}]}\r\n\r\n",
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":null,\"args\":[1,2]}}]}}]}\r\n\r\n",
            "data: {\"candidates\":[{\"index\":2147483647,\"content\":{\"parts\":[{\"text\":7}]}}]}\r\n\r\n",
            "data: {\"candidates\":[],\"promptFeedback\":{\"blockReason\":\"MYSTERY\"}}\r\n\r\n",
            "data: {\"candidates\":[{\"finishReason\":\"NEW_REASON_2030\"}]}\r\n\r\n",
            "{\"error\":{\"code\":503,\"message\":\"unavailable\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n",
            "data: [{\"candidates\":null}]\r\n\r\n",
            "event: weird\r\ndata: {}\r\n\r\n");
      default:
        return List.of(
            "{\"status\":\"pulling manifest\"}\n",
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"hologram\",\"content\":[1,2]},\"done\":false}\n",
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"name\":\"g\",\"arguments\":\"not an object\"}}]},\"done\":false}\n",
            "{\"done\":true,\"done_reason\":\"mystery\",\"eval_count\":-1,\"prompt_eval_count\":99999999999999999999}\n",
            "{\"error\":\"model runner crashed\"}\n",
            "[1,2,3]\n",
            "\"just a string\"\n",
            "null\n");
    }
  }
}
