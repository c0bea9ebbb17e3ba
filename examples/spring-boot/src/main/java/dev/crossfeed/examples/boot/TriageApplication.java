package dev.crossfeed.examples.boot;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.routing.Router;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;

/**
 * A Spring Boot application whose routes live in {@code application.yml}: the starter makes a {@code Router} bean
 * per route ({@code @Qualifier} by name), the default route is the {@link ChatModel} bean, and Actuator's health
 * shows each model's breaker. Run with {@code OPENAI_API_KEY} and {@code ANTHROPIC_API_KEY} set.
 */
@SpringBootApplication
public class TriageApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(TriageApplication.class, args);
  }

  /** Triages support tickets on the default route and summarises them on the {@code summaries} route. */
  @Service
  public static class Triage {
    private final ChatModel model;
    private final Router summaries;

    /** Both routes, injected: the default one as {@link ChatModel}, the other by name. */
    public Triage(ChatModel model, @Qualifier("summaries") Router summaries) {
      this.model = model;
      this.summaries = summaries;
    }

    /** {@code urgent} or {@code normal}, decided by the default route. */
    public String priority(String ticket) {
      String answer =
          model.chat(ChatRequest.builder().system("Answer urgent or normal.").user(ticket).maxOutputTokens(5).build()).text();
      return answer.toLowerCase(java.util.Locale.ROOT).contains("urgent") ? "urgent" : "normal";
    }

    /** A one-line summary from the {@code summaries} route. */
    public String summary(String ticket) {
      return summaries.chat(ChatRequest.builder().system("Summarise in one line.").user(ticket).build()).text();
    }
  }
}
