package dynamo.activemq;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dynamo.core.message.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Message records to JSON bytes and back. The record type travels beside the body (a JMS
 * property) and is looked up in a fixed table of {@link Message}'s permitted subclasses, so a
 * peer can never make us instantiate anything else.
 */
public final class MessageCodec {
    /** The JMS string property that carries the record type. */
    public static final String TYPE_PROPERTY = "type";

    private final ObjectMapper mapper = JsonMapper.builder()
            // is-getters such as Versioned.isTombstone() are derived from the record, not data
            .visibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
            // a newer peer may send fields we do not know yet
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, Class<? extends Message>> types = Arrays.stream(Message.class.getPermittedSubclasses())
            .map(c -> c.asSubclass(Message.class))
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    /** The name that {@link #decode} needs beside the body. */
    public String typeOf(Message message) {
        return message.getClass().getSimpleName();
    }

    public byte[] encode(Message message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + typeOf(message), e);
        }
    }

    /** @throws IllegalArgumentException for an unknown type or a body that does not parse */
    public Message decode(String type, byte[] body) {
        Class<? extends Message> target = type == null ? null : types.get(type);
        if (target == null) {
            throw new IllegalArgumentException("unknown message type " + type);
        }
        try {
            return mapper.readValue(body, target);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + type + ": " + e.getMessage(), e);
        }
    }
}
