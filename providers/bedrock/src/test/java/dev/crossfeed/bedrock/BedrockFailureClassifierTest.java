package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.Failure;
import dev.crossfeed.http.ErrorInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bedrock's error codes and messages (bedrock-converse.md §6), as HTTP errors and as in-stream exception frames. */
@Timeout(10)
class BedrockFailureClassifierTest {
  @ParameterizedTest(name = "{1} {0}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      ThrottlingException            | 429 | Too many requests, please wait before trying again.                  | RATE_LIMITED
      ThrottlingException            | 429 | Too many tokens, please wait before trying again.                    | RATE_LIMITED
      ThrottlingException            | 429 | Too many tokens per day, please wait before trying again.            | QUOTA_EXHAUSTED
      ModelNotReadyException         | 429 | Model is not ready.                                                  | OVERLOADED
      ServiceUnavailableException    | 503 | Bedrock is unable to process your request.                           | OVERLOADED
      InternalServerException        | 500 | Internal error                                                       | SERVER_ERROR
      ModelErrorException            | 424 | The model returned an error                                          | SERVER_ERROR
      ModelTimeoutException          | 408 | Model timed out                                                      | TIMEOUT
      AccessDeniedException          | 403 | You don't have access to the model with the specified model ID.      | PERMISSION
      InvalidSignatureException      | 403 | The request signature we calculated does not match the signature you provided. | AUTHENTICATION
      UnrecognizedClientException    | 403 | The security token included in the request is invalid.              | AUTHENTICATION
      ExpiredTokenException          | 403 | The security token included in the request is expired               | AUTHENTICATION
      ResourceNotFoundException      | 404 | Model not found                                                      | MODEL_NOT_FOUND
      ValidationException            | 400 | The model returned the following errors: prompt is too long: 227255 tokens > 200000 maximum | CONTEXT_LENGTH_EXCEEDED
      ValidationException            | 400 | Input is too long for requested model.                               | CONTEXT_LENGTH_EXCEEDED
      ValidationException            | 400 | The provided model identifier is invalid.                            | MODEL_NOT_FOUND
      ValidationException            | 400 | Invocation of model ID x with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model. | MODEL_NOT_FOUND
      ValidationException            | 400 | The toolConfig field must be defined when using toolUse and toolResult content blocks. | INVALID_REQUEST
      ServiceQuotaExceededException  | 400 | Quota exceeded                                                       | QUOTA_EXHAUSTED
      throttlingException            | 0   | Too many tokens, please wait before trying again.                    | RATE_LIMITED
      serviceUnavailableException    | 0   | Bedrock is unable to process your request.                           | OVERLOADED
      internalServerException        | 0   | Internal error                                                       | SERVER_ERROR
      modelStreamErrorException      | 0   | The model stream failed                                              | SERVER_ERROR
      validationException            | 0   | Input is too long for requested model.                               | CONTEXT_LENGTH_EXCEEDED
      validationException            | 0   | Bad input                                                            | INVALID_REQUEST
      ''                             | 429 | Too many tokens, please wait before trying again.                    | RATE_LIMITED
      ''                             | 503 | Service Unavailable                                                  | OVERLOADED
      ''                             | 400 | Malformed input request                                              | INVALID_REQUEST
      ''                             | 403 | Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z | AUTHENTICATION
      ''                             | 0   | ''                                                                   | SERVER_ERROR
      """)
  void classifies(String code, int status, String message, Failure expected) {
    ErrorInfo info = new ErrorInfo("", code, "", message, "", Optional.empty());
    assertEquals(expected, BedrockFailureClassifier.INSTANCE.classify(status, info));
  }

  @Test
  void errorCodesAreCutLikeBotocore() {
    assertEquals("AccessDeniedException",
        BedrockFailureClassifier.errorCode("AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/"));
    assertEquals("ThrottlingException", BedrockFailureClassifier.errorCode("com.amazon.coral#ThrottlingException"));
    assertEquals("ValidationException", BedrockFailureClassifier.errorCode(" ValidationException "));
    assertEquals("", BedrockFailureClassifier.errorCode(null));
  }
}
