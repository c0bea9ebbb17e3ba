package dev.crossfeed.testing.recorded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test-only YAML reader handles what the cassettes contain, and refuses what it cannot read. */
@Timeout(10)
class MiniYamlTest {
  @Test
  void readsCassetteShapes() {
    String yaml =
        "interactions:\n"
            + "- request:\n"
            + "    headers:\n"
            + "      accept:\n"
            + "      - application/json\n"
            + "    parsed_body:\n"
            + "      messages:\n"
            + "      - content: Please call the tool with a long text that\n"
            + "          wraps onto a second line\n"
            + "        role: user\n"
            + "      - content: 'It''s quoted: and\n"
            + "          folded'\n"
            + "        role: assistant\n"
            + "      n: 1\n"
            + "      temperature: 0.5\n"
            + "      stream: false\n"
            + "      tool_choice: null\n"
            + "      metadata: {}\n"
            + "      tools: []\n"
            + "  response:\n"
            + "    body:\n"
            + "      string: |+\n"
            + "        data: {\"a\":1}\n"
            + "\n"
            + "        data: [DONE]\n"
            + "\n"
            + "    error:\n"
            + "      failed: |-\n"
            + "        {\"x\": {\n"
            + "          \"y\": 1\n"
            + "        }}\n"
            + "      emoji: \"Hi \\U0001F60A\\n\"\n"
            + "      code: '429'\n"
            + "    status:\n"
            + "      code: 200\n"
            + "version: 1\n"
            + "...\n";
    JsonNode root = MiniYaml.parse(yaml);
    JsonNode i = root.path("interactions").get(0);
    assertEquals("application/json", i.at("/request/headers/accept/0").asText());
    assertEquals("Please call the tool with a long text that wraps onto a second line", i.at("/request/parsed_body/messages/0/content").asText());
    assertEquals("It's quoted: and folded", i.at("/request/parsed_body/messages/1/content").asText());
    assertEquals("assistant", i.at("/request/parsed_body/messages/1/role").asText());
    assertTrue(i.at("/request/parsed_body/n").isIntegralNumber());
    assertEquals(0.5, i.at("/request/parsed_body/temperature").asDouble());
    assertTrue(i.at("/request/parsed_body/stream").isBoolean());
    assertTrue(i.at("/request/parsed_body/tool_choice").isNull());
    assertTrue(i.at("/request/parsed_body/metadata").isObject());
    assertTrue(i.at("/request/parsed_body/tools").isArray());
    assertEquals("data: {\"a\":1}\n\ndata: [DONE]\n\n", i.at("/response/body/string").asText());
    assertEquals("{\"x\": {\n  \"y\": 1\n}}", i.at("/response/error/failed").asText());
    assertEquals("Hi \uD83D\uDE0A\n", i.at("/response/error/emoji").asText());
    assertTrue(i.at("/response/error/code").isTextual());
    assertEquals(200, i.at("/response/status/code").asInt());
    assertEquals(1, root.path("version").asInt());
  }

  @Test
  void aQuotedScalarMayStartOnTheLineAfterItsKey() {
    String yaml = "body:\n  string:\n    \"data: {\\\"a\\\": 1,\n    \\\"b\\\": 2}\\r\\n\"\n  status: 200\n";
    assertEquals("data: {\"a\": 1, \"b\": 2}\r\n", MiniYaml.parse(yaml).path("body").path("string").asText());
    assertEquals(200, MiniYaml.parse(yaml).path("body").path("status").asInt());
    assertEquals("x", MiniYaml.parse("k:\n  'x'\n").path("k").asText());
  }

  @Test
  void documentMarkersDelimitTheFirstDocument() {
    assertEquals(1, MiniYaml.parse("# cassette\n---\na: 1\n...\nb: 2\n").path("a").asInt());
    assertTrue(MiniYaml.parse("---\na: 1\n---\nb: 2\n").path("b").isMissingNode());
  }

  @Test
  void refusesFlowCollectionsItCannotRead() {
    assertThrows(IllegalStateException.class, () -> MiniYaml.parse("a: [1, 2]\n"));
    assertThrows(IllegalStateException.class, () -> MiniYaml.parse("a: 'unterminated\n"));
  }

  @Test
  void binaryScalarsDecodeToTheirBytes() throws Exception {
    String yaml =
        "headers:\n"
            + "  content-type:\n"
            + "  - !!binary |\n"
            + "    YXBwbGljYXRpb24v\n"
            + "    anNvbg==\n"
            + "body:\n"
            + "  string: !!binary |\n"
            + "    AAEC/w==\n"
            + "status: 200\n";
    JsonNode root = MiniYaml.parse(yaml);
    assertTrue(root.at("/body/string").isBinary());
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, root.at("/body/string").binaryValue());
    assertEquals("application/json", new String(root.at("/headers/content-type/0").binaryValue(), "UTF-8"));
    assertEquals(200, root.path("status").asInt());
    assertThrows(IllegalStateException.class, () -> MiniYaml.parse("a: !!binary |\n  not*base64\n"));
  }
}
