package dynamo.http;

import dynamo.core.operation.Quorum;
import dynamo.core.message.ClientRequest;
import dynamo.core.version.Version;
import dynamo.core.version.VersionCodec;

/** Turns HTTP input into client requests, rejecting bad input with the documented status. */
public final class RequestReader {
    private static final int BAD_REQUEST = 400;
    private static final int TOO_LARGE = 413;

    private final Quorum defaults;
    private final int maxKeyBytes;
    private final long maxValueBytes;

    public RequestReader(Quorum defaults, int maxKeyBytes, long maxValueBytes) {
        this.defaults = defaults;
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
    }

    public ClientRequest get(String keyText, String minNumReads) {
        return ClientRequest.get(key(keyText), quorum(minNumReads, defaults.r(), "minNumReads"));
    }

    public ClientRequest put(PutBody body) {
        if (body == null) {
            throw new InvalidRequestException(BAD_REQUEST, "missing JSON body");
        }
        if (body.value() == null) {
            throw new InvalidRequestException(BAD_REQUEST, "missing value (an empty value deletes the key)");
        }
        byte[] key = key(body.key());
        if (body.value().length() > maxValueBytes / 3 * 4 + 4) {
            throw tooLarge();
        }
        byte[] value = decode(body.value(), "value");
        if (value.length > maxValueBytes) {
            throw tooLarge();
        }
        int w = body.minNumWrites() == null ? defaults.w() : checkedQuorum(body.minNumWrites(), "minNumWrites");
        return ClientRequest.put(key, value.length == 0 ? null : value, version(body.fromVersion()), w);
    }

    private byte[] key(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidRequestException(BAD_REQUEST, "missing key");
        }
        if (text.length() > maxKeyBytes / 3 * 4 + 4) {
            throw keyTooLong();
        }
        byte[] key = decode(text, "key");
        if (key.length > maxKeyBytes) {
            throw keyTooLong();
        }
        if (key.length == 0) {
            throw new InvalidRequestException(BAD_REQUEST, "key is empty");
        }
        return key;
    }

    private static byte[] decode(String text, String field) {
        try {
            return Base64Text.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(BAD_REQUEST, field + " is not valid base64");
        }
    }

    private static Version version(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return VersionCodec.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(BAD_REQUEST, "fromVersion is not a version string this store issued");
        }
    }

    private int quorum(String text, int fallback, String name) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return checkedQuorum(Integer.parseInt(text.strip()), name);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(BAD_REQUEST, name + " must be an integer");
        }
    }

    private int checkedQuorum(int value, String name) {
        if (!Quorum.inRange(value, defaults.n())) {
            throw new InvalidRequestException(BAD_REQUEST, name + " must be between 1 and N=" + defaults.n());
        }
        return value;
    }

    private InvalidRequestException keyTooLong() {
        return new InvalidRequestException(BAD_REQUEST, "key longer than the limit of " + maxKeyBytes + " bytes");
    }

    private InvalidRequestException tooLarge() {
        return new InvalidRequestException(TOO_LARGE, "value larger than the limit of " + maxValueBytes + " bytes");
    }
}
