package dev.turnpoint.engine.llm;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SigV4 against the published examples of AWS's signature test suite. */
class AwsSigV4Test {

  private static final AwsSigV4.Credentials EXAMPLE = new AwsSigV4.Credentials("AKIDEXAMPLE",
      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
  private static final Instant WHEN = Instant.parse("2015-08-30T12:36:00Z");
  private static final String CREDENTIAL = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
      + "aws4_request, SignedHeaders=host;x-amz-date, Signature=";

  private static Map<String, String> sign(String method, String url) {
    return AwsSigV4.sign(method, URI.create(url), Map.of("Host", "example.amazonaws.com"), new byte[0], EXAMPLE,
        "us-east-1", "service", WHEN);
  }

  @Test
  void getVanilla() {
    Map<String, String> headers = sign("GET", "https://example.amazonaws.com/");
    assertThat(headers.get("X-Amz-Date")).isEqualTo("20150830T123600Z");
    assertThat(headers.get("Authorization"))
        .isEqualTo(CREDENTIAL + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    assertThat(headers).doesNotContainKey("X-Amz-Security-Token");
  }

  @Test
  void getVanillaQueryOrderKeyCaseSortsTheQuery() {
    assertThat(sign("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1").get("Authorization"))
        .isEqualTo(CREDENTIAL + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  }

  @Test
  void aSessionTokenIsSentAndSigned() {
    Map<String, String> headers = AwsSigV4.sign("POST", URI.create("https://example.amazonaws.com/"),
        Map.of("Host", "example.amazonaws.com"), new byte[0],
        new AwsSigV4.Credentials("AKIDEXAMPLE", "secret", "session-token"), "us-east-1", "service", WHEN);
    assertThat(headers.get("X-Amz-Security-Token")).isEqualTo("session-token");
    assertThat(headers.get("Authorization")).contains("SignedHeaders=host;x-amz-date;x-amz-security-token,");
  }
}
