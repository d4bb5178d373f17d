package dynamo.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies are JSON in UTF-8 (RFC 8259), checked strictly before Jackson reads them: Jackson
 * decodes over-long forms such as {@code C0 AF} to ASCII ({@code /}), which would turn invalid
 * bytes into valid base64; the JDK's decoder refuses them, and lone surrogates. A charset other
 * than UTF-8 is refused (415) instead of being ignored.
 */
public final class Utf8Bodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String charset = context.getMediaType() == null ? null
                : context.getMediaType().getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("UTF8")) {
            throw new InvalidRequestException(415, "request bodies must be JSON in UTF-8, not " + charset);
        }
        byte[] body = context.getInputStream().readAllBytes();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(400, "request body is not valid UTF-8");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
