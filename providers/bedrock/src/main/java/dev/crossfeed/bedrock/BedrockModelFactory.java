package dev.crossfeed.bedrock;

import dev.crossfeed.ChatModel;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Creates Bedrock chat models for provider id {@code bedrock} from a {@link ProviderConfig}; registered with
 * {@link java.util.ServiceLoader}. The config's {@code apiKey} is a Bedrock API key (bearer). Options:
 * {@code region} (else {@code AWS_REGION} / {@code AWS_DEFAULT_REGION}); {@code profile} for a named profile of the
 * shared AWS files; {@code accessKeyId} + {@code secretAccessKey} (+ {@code sessionToken}) for static credentials,
 * written as {@code ${VAR}} so they stay out of the file. Without any of these: {@code AWS_BEARER_TOKEN_BEDROCK} if
 * set, else the standard AWS credential chain. Unknown options are rejected by name; values are never echoed.
 */
public final class BedrockModelFactory implements ChatModelFactory {
  private static final Set<String> OPTIONS = Set.of("region", "profile", "accessKeyId", "secretAccessKey", "sessionToken");

  /** For {@link java.util.ServiceLoader}. */
  public BedrockModelFactory() {}

  @Override
  public Set<String> providerIds() {
    return Set.of(BedrockChatModel.PROVIDER);
  }

  @Override
  public ChatModel chatModel(ProviderConfig config) {
    if (!BedrockChatModel.PROVIDER.equals(config.provider())) {
      throw new IllegalArgumentException("not a bedrock config: provider " + config.provider());
    }
    Map<String, String> o = config.options();
    Set<String> unknown = new TreeSet<>(o.keySet());
    unknown.removeAll(OPTIONS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("bedrock: unknown option(s) " + unknown + "; known: " + new TreeSet<>(OPTIONS));
    }
    try {
      BedrockChatModel.Builder b = BedrockChatModel.builder().model(config.model());
      if (o.containsKey("region")) b.region(o.get("region"));
      config.apiKey().ifPresent(b::apiKey);
      config.baseUrl().ifPresent(b::baseUrl);
      config.timeout().ifPresent(b::timeout);
      b.allowInsecureHttp(config.allowInsecureHttp());
      config.infoOverride().ifPresent(b::modelInfo);
      if (o.containsKey("profile")) b.profile(o.get("profile"));
      boolean id = o.containsKey("accessKeyId");
      boolean secret = o.containsKey("secretAccessKey");
      if (id != secret) throw new IllegalArgumentException("bedrock: options accessKeyId and secretAccessKey go together");
      if (!id && o.containsKey("sessionToken")) throw new IllegalArgumentException("bedrock: option sessionToken needs accessKeyId and secretAccessKey");
      if (id) {
        String akid = nonBlank(o, "accessKeyId");
        String key = nonBlank(o, "secretAccessKey");
        b.credentials(StaticCredentialsProvider.create(o.containsKey("sessionToken")
            ? AwsSessionCredentials.create(akid, key, nonBlank(o, "sessionToken"))
            : AwsBasicCredentials.create(akid, key)));
      }
      return b.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage().replace("BedrockChatModel: ", "bedrock: "), e);
    }
  }

  private static String nonBlank(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null || v.isBlank()) throw new IllegalArgumentException("bedrock: option " + name + " is blank");
    return v.strip();
  }
}
