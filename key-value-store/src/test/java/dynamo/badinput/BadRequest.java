package dynamo.badinput;

import java.nio.charset.StandardCharsets;

/**
 * One generated request: its kind (for the summary and for replay), its raw bytes, and whether a
 * 404 with the GET shape is a correct answer (a well-formed read of a key nobody wrote).
 */
record BadRequest(String kind, byte[] bytes, boolean absentKeyRead) {

    /** The first bytes, printable, for a failure message. */
    String preview() {
        String text = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1);
        return kind + " [" + bytes.length + " bytes] " + text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
