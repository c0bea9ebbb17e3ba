package dev.crossfeed.langchain4j;

import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Message;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolChoice;
import dev.crossfeed.ToolSpec;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * LangChain4j request to Crossfeed request. What Crossfeed cannot carry (top-k, penalties, audio, video, PDF,
 * custom messages) fails with LangChain4j's {@link UnsupportedFeatureException} naming it, instead of being dropped
 * silently; what Crossfeed rejects fails with {@link InvalidRequestException} carrying Crossfeed's message.
 */
final class Requests {
  private Requests() {}

  static ChatRequest toCrossfeed(dev.langchain4j.model.chat.request.ChatRequest lc) {
    if (lc.topK() != null) throw unsupported("topK");
    if (lc.frequencyPenalty() != null) throw unsupported("frequencyPenalty");
    if (lc.presencePenalty() != null) throw unsupported("presencePenalty");
    try {
      ChatRequest.Builder b = ChatRequest.builder();
      for (ChatMessage m : lc.messages()) b.message(message(m));
      b.model(lc.modelName());
      b.temperature(lc.temperature());
      b.topP(lc.topP());
      b.maxOutputTokens(lc.maxOutputTokens());
      if (lc.stopSequences() != null) b.stop(lc.stopSequences());
      if (lc.toolSpecifications() != null) {
        for (ToolSpecification t : lc.toolSpecifications()) b.tool(tool(t));
      }
      if (lc.toolChoice() != null) b.toolChoice(toolChoice(lc.toolChoice()));
      if (lc.responseFormat() != null) b.responseFormat(responseFormat(lc.responseFormat()));
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidRequestException("Crossfeed cannot send this request: " + e.getMessage(), e);
    }
  }

  private static Message message(ChatMessage m) {
    if (m instanceof SystemMessage) return Message.system(((SystemMessage) m).text());
    if (m instanceof UserMessage) return user((UserMessage) m);
    if (m instanceof AiMessage) {
      AiMessage ai = (AiMessage) m;
      List<ToolCall> calls = new ArrayList<>();
      if (ai.toolExecutionRequests() != null) {
        for (ToolExecutionRequest r : ai.toolExecutionRequests()) calls.add(toolCall(r));
      }
      return Message.assistant(ai.text(), calls);
    }
    if (m instanceof ToolExecutionResultMessage) {
      ToolExecutionResultMessage r = (ToolExecutionResultMessage) m;
      return Message.toolResult(nonNull(r.id()), nonNull(r.toolName()), nonNull(r.text()));
    }
    throw new UnsupportedFeatureException("Crossfeed cannot send a " + m.type() + " message");
  }

  private static Message user(UserMessage m) {
    List<ContentPart> parts = new ArrayList<>();
    for (Content c : m.contents()) {
      if (c instanceof TextContent) {
        parts.add(ContentPart.text(((TextContent) c).text()));
      } else if (c instanceof ImageContent) {
        parts.add(image(((ImageContent) c).image()));
      } else {
        throw new UnsupportedFeatureException("Crossfeed cannot send " + c.type() + " content in a user message");
      }
    }
    return Message.user(parts.toArray(new ContentPart[0]));
  }

  private static ContentPart image(Image image) {
    if (image.url() != null) return ContentPart.imageUrl(image.url().toString());
    if (image.base64Data() == null) throw new IllegalArgumentException("image has neither a URL nor data");
    if (image.mimeType() == null) throw new IllegalArgumentException("inline image has no mime type");
    return ContentPart.imageBytes(Base64.getDecoder().decode(image.base64Data()), image.mimeType());
  }

  static ToolCall toolCall(ToolExecutionRequest r) {
    return new ToolCall(nonNull(r.id()), r.name(), r.arguments());
  }

  private static ToolSpec tool(ToolSpecification t) {
    String schema = t.parameters() == null ? null : SchemaJson.write(t.parameters());
    return ToolSpec.of(t.name(), t.description(), schema);
  }

  private static ToolChoice toolChoice(dev.langchain4j.model.chat.request.ToolChoice c) {
    switch (c) {
      case REQUIRED:
        return ToolChoice.REQUIRED;
      case NONE:
        return ToolChoice.NONE;
      default:
        return ToolChoice.AUTO;
    }
  }

  private static ResponseFormat responseFormat(dev.langchain4j.model.chat.request.ResponseFormat f) {
    if (f.type() != ResponseFormatType.JSON) return ResponseFormat.TEXT;
    JsonSchema schema = f.jsonSchema();
    if (schema == null || schema.rootElement() == null) return ResponseFormat.JSON_OBJECT;
    String name = schema.name() == null || schema.name().isBlank() ? "response" : schema.name();
    return ResponseFormat.jsonSchema(name, SchemaJson.write(schema.rootElement()));
  }

  private static UnsupportedFeatureException unsupported(String parameter) {
    return new UnsupportedFeatureException(
        "Crossfeed routes do not support the " + parameter + " parameter (models of a route may be of any provider)");
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
