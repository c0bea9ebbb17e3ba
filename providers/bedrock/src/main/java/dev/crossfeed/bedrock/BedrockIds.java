package dev.crossfeed.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Bedrock model ids and regions (bedrock-converse.md §1): base ids ({@code anthropic.claude-sonnet-4-5-20250929-v1:0}),
 * cross-Region inference profiles ({@code us.}, {@code eu.}, {@code apac.}, {@code global.} prefixes) and full ARNs
 * of application profiles or provisioned throughput. The id is one path segment on the wire, percent-encoded
 * ({@code :} as {@code %3A}, {@code /} as {@code %2F}), as the AWS SDKs and the recordings send it.
 */
final class BedrockIds {
  static final String PROVIDER = "bedrock";
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  private BedrockIds() {}

  /**
   * Checks a model id: not blank, at most 2048 characters, no whitespace or control characters.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static String checkModel(String id) {
    String m = id.strip();
    if (m.isEmpty()) throw new IllegalArgumentException("model is blank");
    if (m.length() > 2048) throw new IllegalArgumentException("model id is longer than 2048 characters");
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      if (c <= 0x20 || c == 0x7f) throw new IllegalArgumentException("model id has whitespace or a control character at index " + i);
    }
    return m;
  }

  /**
   * Checks an AWS region name such as {@code us-east-1} or {@code ap-southeast-2}.
   *
   * @throws IllegalArgumentException naming the region
   */
  static String checkRegion(String region) {
    String r = region.strip();
    if (!REGION.matcher(r).matches()) throw new IllegalArgumentException("not an AWS region name: " + r);
    return r;
  }

  /** The model id as one encoded path segment: everything but {@code A-Z a-z 0-9 - _ . ~} percent-encoded. */
  static String pathSegment(String modelId) {
    StringBuilder s = new StringBuilder(modelId.length() + 8);
    for (byte b : modelId.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
        s.append((char) c);
      } else {
        s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return s.toString();
  }

  /** {@code https://bedrock-runtime.{region}.amazonaws.com}. */
  static String endpoint(String region) {
    return "https://bedrock-runtime." + region + ".amazonaws.com";
  }
}
