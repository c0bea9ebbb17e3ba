package dev.crossfeed.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The shared Jackson mapper, with read limits so a hostile server cannot exhaust memory or stack: nesting depth
 * {@value #MAX_DEPTH}, strings up to {@value #MAX_STRING} characters, numbers up to {@value #MAX_NUMBER}
 * digits. Unknown properties are ignored (providers add fields all the time).
 */
public final class Json {
  public static final int MAX_DEPTH = 200;
  public static final int MAX_STRING = 20_000_000;
  public static final int MAX_NUMBER = 400;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_STRING)
                          .maxNumberLength(MAX_NUMBER)
                          .build())
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
