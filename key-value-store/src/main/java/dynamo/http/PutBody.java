package dynamo.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The JSON body of {@code PUT /storage/}. {@code value} "" deletes; {@code fromVersion} "" is unconditional. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PutBody(String key, String value, String fromVersion, Integer minNumWrites) {
}
