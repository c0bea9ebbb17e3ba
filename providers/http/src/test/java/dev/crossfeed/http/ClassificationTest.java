package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationTest {
  private static Failure classify(int status, String body) {
    return FailureClassifier.DEFAULT.classify(status, ErrorBodies.parse(body.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "429|{\"error\":{\"message\":\"Rate limit reached for gpt-4o\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}|RATE_LIMITED",
        "429|{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}|QUOTA_EXHAUSTED",
        "402|{\"error\":{\"message\":\"Insufficient Balance\"}}|QUOTA_EXHAUSTED",
        "429|{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"You have reached your specified workspace API usage limits.\",\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}|QUOTA_EXHAUSTED",
        "400|{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}|CONTEXT_LENGTH_EXCEEDED",
        "400|{\"error\":{\"message\":\"Input tokens exceed the configured limit of 272000 tokens.\",\"code\":null}}|CONTEXT_LENGTH_EXCEEDED",
        "400|{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 208656 tokens > 200000 maximum\"}}|CONTEXT_LENGTH_EXCEEDED",
        "400|{\"error\":{\"code\":400,\"message\":\"The input token count (3475108) exceeds the maximum number of tokens allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}|CONTEXT_LENGTH_EXCEEDED",
        "400|{\"error\":\"the input length exceeds the context length\"}|CONTEXT_LENGTH_EXCEEDED",
        "400|{\"error\":{\"message\":\"The response was filtered\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400}}|CONTENT_FILTERED",
        "400|{\"error\":{\"message\":\"Invalid prompt\",\"type\":\"invalid_request_error\",\"code\":\"invalid_prompt\",\"inner_error\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}|CONTENT_FILTERED",
        "400|{\"error\":{\"message\":\"Blocked\",\"code\":null,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}|CONTENT_FILTERED",
        "400|{\"error\":{\"message\":\"Unsupported parameter: 'max_tokens'\",\"type\":\"invalid_request_error\",\"code\":\"unsupported_parameter\"}}|INVALID_REQUEST",
        "404|{\"error\":{\"message\":\"The model `gpt-9` does not exist or you do not have access to it.\",\"code\":\"model_not_found\"}}|MODEL_NOT_FOUND",
        "404|{\"error\":\"model 'llama9' not found\"}|MODEL_NOT_FOUND",
        "400|{\"error\":\"model 'llama3.2' not found, try pulling it first\"}|MODEL_NOT_FOUND",
        "0|{\"error\":{\"message\":\"The model `gpt-4.1` does not exist or you do not have access to it.\"}}|MODEL_NOT_FOUND",
        "401|{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}|AUTHENTICATION",
        "403|{\"error\":{\"code\":403,\"message\":\"Method doesn't allow unregistered callers\",\"status\":\"PERMISSION_DENIED\"}}|PERMISSION",
        "529|{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}|OVERLOADED",
        "503|{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}|OVERLOADED",
        "500|{\"error\":{\"message\":\"internal\",\"type\":\"server_error\"}}|SERVER_ERROR",
        "502|<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>|SERVER_ERROR",
        "504|{}|SERVER_ERROR",
        "408|{}|TIMEOUT",
        "413|{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"Request exceeds the maximum allowed number of bytes.\"}}|CONTEXT_LENGTH_EXCEEDED",
        "422|{\"detail\":[{\"msg\":\"field required\"}]}|INVALID_REQUEST",
        "498|{\"error\":{\"message\":\"capacity exceeded\",\"code\":\"capacity_exceeded\"}}|OVERLOADED",
        "400|{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\",\"status\":\"INVALID_ARGUMENT\"}}|AUTHENTICATION",
        "302|<html>moved</html>|INVALID_RESPONSE",
        "0|{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}|OVERLOADED",
        "0|{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}|SERVER_ERROR",
        "0|{\"error\":{\"code\":429,\"message\":\"Resource exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}|RATE_LIMITED",
        "0|{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}|OVERLOADED",
        "0|{\"error\":\"an error was encountered while running the model\"}|SERVER_ERROR",
      })
  void mapsStatusAndBodyToFailure(int status, String body, Failure expected) {
    assertEquals(expected, classify(status, body));
  }

  @Test
  void geminiRetryInfoAndArrayWrappedErrors() {
    ErrorInfo info = ErrorBodies.parse(("[{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\","
        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"34.4s\"}]}}]")
        .getBytes(StandardCharsets.UTF_8));
    assertEquals("RESOURCE_EXHAUSTED", info.status());
    assertEquals(Duration.ofMillis(34_400), info.retryDelay().orElseThrow());
  }

  @Test
  void infrastructureInFrontOfAProviderIsNotACallerBug() {
    assertEquals(Failure.SERVER_ERROR, classify(405, "Method Not Allowed"));
    assertEquals(Failure.SERVER_ERROR, classify(415, "Unsupported Media Type"));
    assertEquals(Failure.SERVER_ERROR, classify(421, "Misdirected Request"));
    assertEquals(Failure.SERVER_ERROR, classify(499, "client closed request"));
    assertEquals(Failure.SERVER_ERROR, classify(400, "<html><body><h1>400 Bad Request</h1>cloudfront</body></html>"));
    assertEquals(Failure.PERMISSION, classify(451, "<html><body>Unavailable For Legal Reasons</body></html>"));
    assertEquals(Failure.AUTHENTICATION, classify(407, "Proxy Authentication Required"));
    assertEquals(Failure.INVALID_REQUEST, classify(400, "{\"error\":{\"message\":\"bad temperature\"}}"));
  }

  @Test
  void htmlPagesBecomeShortText() {
    ErrorInfo info = ErrorBodies.parse("<html><head><title>503 Service Temporarily Unavailable</title></head><body>x</body></html>"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals("503 Service Temporarily Unavailable", info.message());
    ErrorInfo huge = ErrorBodies.parse("x".repeat(100_000).getBytes(StandardCharsets.UTF_8));
    assertTrue(huge.message().length() < 400);
  }

  @Test
  void anthropicRequestIdFromBody() {
    ErrorInfo info = ErrorBodies.parse("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"m\"},\"request_id\":\"req_011\"}"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals("req_011", info.requestId());
    assertEquals("invalid_request_error", info.type());
  }

  @Test
  void mistralObjectMessageIsKeptAsText() {
    ErrorInfo info = ErrorBodies.parse(("{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\","
        + "\"loc\":[\"body\",\"stream_options\"],\"msg\":\"Extra inputs are not permitted\"}]},\"type\":\"invalid_request_error\","
        + "\"param\":null,\"code\":null}").getBytes(StandardCharsets.UTF_8));
    assertTrue(info.message().contains("Extra inputs are not permitted"), info.message());
    assertTrue(info.message().contains("stream_options"), info.message());
    assertEquals("invalid_request_error", info.type());
  }

  @Test
  void geminiKeyErrorsAreAuthenticationByTheirReasonWhateverTheWording() {
    ErrorInfo expired = ErrorBodies.parse(("{\"error\":{\"code\":400,\"message\":\"API key expired. Please renew the API key.\","
        + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
        + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}").getBytes(StandardCharsets.UTF_8));
    assertEquals(Failure.AUTHENTICATION, FailureClassifier.DEFAULT.classify(400, expired));
    ErrorInfo other = ErrorBodies.parse(("{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload received.\","
        + "\"status\":\"INVALID_ARGUMENT\"}}").getBytes(StandardCharsets.UTF_8));
    assertEquals(Failure.INVALID_REQUEST, FailureClassifier.DEFAULT.classify(400, other));
  }
}
