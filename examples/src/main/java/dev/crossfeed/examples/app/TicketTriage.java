package dev.crossfeed.examples.app;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A tiny application used by the "testing your app" example: it labels support tickets with a model. Its
 * behaviour under provider trouble is part of its contract, and {@code TicketTriageTest} checks it with the fakes of
 * {@code crossfeed-testing}: a rate limit is waited out, an outage falls back to the second provider, and when
 * every provider is down the ticket goes to a human instead of the request failing.
 *
 * <pre>{@code
 * TicketTriage triage = new TicketTriage(router);
 * TicketTriage.Label label = triage.label("I was charged twice this month");
 * }</pre>
 *
 * <p>Thread-safe if the model is.
 */
public final class TicketTriage {
  /** Where a ticket goes. */
  public enum Label {
    /** Payments, invoices, refunds. */
    BILLING,
    /** Something is broken. */
    BUG,
    /** How do I ...? */
    QUESTION,
    /** The model could not label it (down, or answered nonsense): a person will. */
    NEEDS_HUMAN
  }

  static final String INSTRUCTIONS = "Label the support ticket. Answer with one word: BILLING, BUG or QUESTION.";

  private final ChatModel model;

  /**
   * Triage through a model, typically a {@code Router} so an outage of one provider does not stop it.
   *
   * @param model the model or router that labels tickets
   */
  public TicketTriage(ChatModel model) {
    this.model = Objects.requireNonNull(model, "model == null");
  }

  /**
   * The ticket's label; {@link Label#NEEDS_HUMAN} when no model could answer. Never throws for model failures.
   *
   * @param ticket the ticket's text
   * @return the label
   */
  public Label label(String ticket) {
    String answer;
    try {
      answer =
          model.chat(
                  ChatRequest.builder()
                      .system(INSTRUCTIONS)
                      .user(ticket)
                      .maxOutputTokens(5)
                      .timeout(Duration.ofSeconds(20))
                      .build())
              .text();
    } catch (ChatModelException e) {
      return Label.NEEDS_HUMAN; // degrade, don't fail: the ticket is queued for a person
    }
    String word = answer.strip().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    for (Label l : Label.values()) {
      if (l != Label.NEEDS_HUMAN && l.name().equals(word)) return l;
    }
    return Label.NEEDS_HUMAN;
  }
}
