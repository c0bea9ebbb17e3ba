package dev.crossfeed.langchain4j;

import dev.crossfeed.ChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What both adapters are built from: the route, LangChain4j listeners and default request parameters. */
final class Settings {
  final ChatModel route;
  final List<ChatModelListener> listeners;
  final ChatRequestParameters defaults;
  final Set<Capability> capabilities;

  Settings(ChatModel route, List<ChatModelListener> listeners, ChatRequestParameters defaults) {
    if (route == null) throw new IllegalStateException("route == null: set the Crossfeed route (a Router or any ChatModel)");
    this.route = route;
    this.listeners = List.copyOf(listeners);
    this.defaults = defaults == null ? ChatRequestParameters.builder().build() : defaults;
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    if (route.info().capabilities().contains(dev.crossfeed.Capability.JSON_SCHEMA)) {
      caps.add(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }
    this.capabilities = Set.copyOf(caps);
  }

  static List<ChatModelListener> checkListeners(List<ChatModelListener> listeners) {
    Objects.requireNonNull(listeners, "listeners == null");
    for (ChatModelListener l : listeners) Objects.requireNonNull(l, "a listener is null");
    return List.copyOf(listeners);
  }
}
