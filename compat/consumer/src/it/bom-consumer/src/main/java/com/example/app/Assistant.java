package com.example.app;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.openai.OpenAiChatModel;
import java.time.Duration;

/** An application's routed model: two OpenAI-compatible endpoints in a fallback chain. */
public final class Assistant {
  private Assistant() {}

  public static Router router(String primaryUrl, String backupUrl, ApiKey key) {
    ChatModel primary = OpenAiChatModel.builder().baseUrl(primaryUrl).apiKey(key).model("gpt-4o-mini").build();
    ChatModel backup = OpenAiChatModel.builder().baseUrl(backupUrl).apiKey(key).model("gpt-4o-mini").build();
    return Router.builder().model("primary", primary).model("backup", backup).timeout(Duration.ofSeconds(10)).build();
  }
}
