package dynamo.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;

/**
 * What a client is told about a JSON body that could not be read: the field and what it should
 * have been, in the API's words. Jackson's own messages name Java types and coercion settings,
 * which are ours to know, not the client's.
 */
final class JsonBodyErrors {
    private JsonBodyErrors() {
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "malformed JSON body: unknown field \"" + unknown.getPropertyName() + "\" (a put takes "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return "malformed JSON body: " + field(mismatch) + " must be " + expected(mismatch.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch) {
            return "malformed JSON body: " + (mismatch.getTargetType() != null && mismatch.getTargetType().isRecord()
                    ? "expected one JSON object" : "expected one JSON value") + at(e.getLocation());
        }
        if (e instanceof JsonParseException) {
            return "malformed JSON body: not valid JSON" + at(e.getLocation());
        }
        return "malformed JSON body" + at(e.getLocation());
    }

    private static String field(JsonMappingException e) {
        return "\"" + e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")) + "\"";
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a JSON integer";
        }
        if (type == String.class) {
            return "a JSON string";
        }
        return "another JSON type";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
