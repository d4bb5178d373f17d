package dynamo.http;

/**
 * The JSON body of {@code PUT /storage/}. {@code value} "" deletes; {@code fromVersion} "" is
 * unconditional. Any other field is refused (400): a misspelt {@code minNumWrite} must not quietly
 * write with the default W.
 */
public record PutBody(String key, String value, String fromVersion, Integer minNumWrites) {
}
