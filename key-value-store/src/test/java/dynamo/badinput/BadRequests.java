package dynamo.badinput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates bad requests from one seeded {@link Random}, so a failing run replays exactly. Writes
 * aim at the known keys with new values: a bad write that is wrongly accepted changes the data the
 * test compares afterwards.
 */
final class BadRequests {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final Random random;
    private final List<String> knownKeys;
    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final List<Supplier<BadRequest>> kinds;

    BadRequests(long seed, List<String> knownKeys, int maxKeyBytes, int maxValueBytes) {
        this.random = new Random(seed);
        this.knownKeys = knownKeys;
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
        this.kinds = List.of(this::randomRequest, this::randomBody, this::truncatedJson, this::deepJson,
                this::wrongTypes, this::quorumTypes, this::hugeNumbers, this::invalidUtf8, this::invalidBase64,
                this::longUri, this::longHeaders, this::badPercent, this::wrongContentType, this::wrongMethod,
                this::keySize, this::badShape, this::badVersion, this::valueTooLarge);
    }

    BadRequest next() {
        return kinds.get(random.nextInt(kinds.size())).get();
    }

    // --- the kinds -------------------------------------------------------------------------

    private BadRequest randomRequest() {
        byte[] noise = randomBytes(1 + random.nextInt(600));
        byte[] prefix = pick("", "GET ", "PUT /storage/ HTTP/1.1\r\n", "GET /storage/").getBytes(StandardCharsets.US_ASCII);
        return new BadRequest("random-request", concat(prefix, noise), false);
    }

    private BadRequest randomBody() {
        return put("random-body", "application/json", randomBytes(random.nextInt(2000)));
    }

    private BadRequest truncatedJson() {
        String whole = putJson(knownKey(), freshValue(), pick("", ",\"minNumWrites\":1", ",\"fromVersion\":\"\""));
        return put("truncated-json", "application/json", utf8(whole.substring(0, random.nextInt(whole.length()))));
    }

    private BadRequest deepJson() {
        int depth = 1_001 + random.nextInt(30_000);
        String open = pick("[", "{\"a\":");
        StringBuilder nested = new StringBuilder(open.repeat(depth)).append("1");
        if (random.nextBoolean()) {
            nested.append((open.equals("[") ? "]" : "}").repeat(depth));
        }
        String body = random.nextBoolean() ? nested.toString()
                : "{\"key\":\"" + knownKey() + "\",\"value\":\"" + freshValue() + "\",\"minNumWrites\":" + nested + "}";
        return put("deep-json", "application/json", utf8(body));
    }

    private BadRequest wrongTypes() {
        String wrong = pick("1", "-3.5", "true", "false", "[]", "[\"a\"]", "{}", "{\"k\":\"v\"}", "1e9");
        String key = "\"" + knownKey() + "\"";
        String value = "\"" + freshValue() + "\"";
        String body = switch (random.nextInt(3)) {
            case 0 -> "{\"key\":" + wrong + ",\"value\":" + value + "}";
            case 1 -> "{\"key\":" + key + ",\"value\":" + wrong + "}";
            default -> "{\"key\":" + key + ",\"value\":" + value + ",\"fromVersion\":" + wrong + "}";
        };
        return put("wrong-types", "application/json", utf8(body));
    }

    /** With N = 1, only the integer 1 is a valid quorum: every one of these must be refused. */
    private BadRequest quorumTypes() {
        if (random.nextInt(4) == 0) {
            String r = pick("1.0", "0.5", "2.7", "abc", "1e0", "0x1", "0", "-1", "2", "%31.0", "1%00", "");
            return get("quorum-types", "/storage/" + knownKey() + "?minNumReads=" + (r.isEmpty() ? "%20x" : r), false);
        }
        String w = pick("1.0", "2.7", "0.99", "\"1\"", "\"2\"", "\" 1\"", "true", "[1]", "{\"n\":1}", "0", "-1", "2",
                "1.5e0", "\"\"");
        return put("quorum-types", "application/json", utf8(putJson(knownKey(), freshValue(), ",\"minNumWrites\":" + w)));
    }

    private BadRequest hugeNumbers() {
        String n = pick("1e400", "-1e400", "123456789012345678901234567890", "-99999999999999999999999",
                "2147483648", "-2147483649", "9223372036854775808", "4294967297", "1" + "0".repeat(2000));
        if (random.nextBoolean()) {
            return get("huge-numbers", "/storage/" + knownKey() + "?minNumReads=" + n, false);
        }
        return put("huge-numbers", "application/json", utf8(putJson(knownKey(), freshValue(), ",\"minNumWrites\":" + n)));
    }

    private BadRequest invalidUtf8() {
        byte[] bad = pickBytes(new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xff}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xc0, (byte) 0xaf});
        switch (random.nextInt(3)) {
            case 0: {
                byte[] body = concat(utf8("{\"key\":\"" + knownKey() + "\",\"value\":\"ab"), bad, utf8("\"}"));
                return put("invalid-utf8", "application/json", body);
            }
            case 1: {
                StringBuilder escaped = new StringBuilder();
                for (byte b : bad) {
                    escaped.append('%').append(String.format("%02X", b & 0xff));
                }
                return get("invalid-utf8", "/storage/" + escaped + "?minNumReads=" + escaped, false);
            }
            default: {
                byte[] request = concat(utf8("GET /storage/a"), bad, utf8(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
                return new BadRequest("invalid-utf8", request, false);
            }
        }
    }

    private BadRequest invalidBase64() {
        String bad = pick("!!!!", "a", "abcde", "ab=c", "====", "ab cd", "кл==", "a*b+", "YQ==YQ==", "Zm9v\u0000", "%%");
        if (random.nextBoolean()) {
            String encoded = java.net.URLEncoder.encode(bad, StandardCharsets.UTF_8).replace("+", "%20");
            return get("invalid-base64", "/storage/" + encoded, false);
        }
        String body = random.nextBoolean() ? putJson(bad, freshValue(), "") : putJson(knownKey(), bad, "");
        return put("invalid-base64", "application/json", utf8(body.replace("\u0000", "\\u0000")));
    }

    private BadRequest longUri() {
        int length = 9_000 + random.nextInt(200_000);
        String key = "QUFB".repeat(length / 4);
        return get("long-uri", random.nextBoolean() ? "/storage/" + key : "/storage/" + knownKey() + "?minNumReads=" + key, false);
    }

    private BadRequest longHeaders() {
        String headers = random.nextBoolean()
                ? "X-Pad: " + "p".repeat(9_000 + random.nextInt(100_000)) + "\r\n"
                : "X-Many: 1234567890\r\n".repeat(600 + random.nextInt(3_000));
        String request = "GET /storage/" + knownKey() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n";
        return new BadRequest("long-headers", utf8(request), false);
    }

    private BadRequest badPercent() {
        String target = pick("/storage/%zz", "/storage/%", "/storage/ab%4", "/storage/%u0041", "/storage/%%",
                "/storage/" + knownKey() + "?minNumReads=%G1", "/storage/" + knownKey() + "?minNumReads=%",
                "/%zz/storage", "/storage/%c3", "/storage/%e2%82");
        return get("bad-percent", target, false);
    }

    /** A valid put under a type that is not JSON: it must be refused, not read. */
    private BadRequest wrongContentType() {
        String type = pick("", " ", ";", "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "application/json; charset=bogus-42", "application/", "/json", "*/*", "multipart/form-data; boundary=x",
                "application/octet-stream", null);
        byte[] body = utf8(putJson(knownKey(), freshValue(), ""));
        return put("wrong-content-type", type, body);
    }

    private BadRequest wrongMethod() {
        String method = pick("DELETE", "POST", "PATCH", "FOO", "TRACE", "PUT", "GET");
        String target = switch (method) {
            case "PUT" -> pick("/storage/" + knownKey(), "/storage/@", "/storage/*", "/nope");
            case "GET" -> pick("/", "/nope", "/storage/" + knownKey() + "/extra", "/storage");
            default -> pick("/storage/", "/storage/" + knownKey(), "/storage/*", "/storage/@", "/");
        };
        byte[] body = method.equals("GET") ? new byte[0] : utf8(putJson(knownKey(), freshValue(), ""));
        return request("wrong-method", method, target, "application/json", body, false);
    }

    /** Keys at the limit are fine (an absent key reads as 404); one byte more is refused. */
    private BadRequest keySize() {
        boolean atLimit = random.nextInt(3) == 0;
        byte[] key = randomBytes(atLimit ? maxKeyBytes : maxKeyBytes + 1 + random.nextInt(2_000));
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        if (atLimit || random.nextBoolean()) {
            return get("key-size", "/storage/" + encoded, atLimit);
        }
        return put("key-size", "application/json", utf8(putJson(B64.encodeToString(key), freshValue(), "")));
    }

    private BadRequest badShape() {
        String body = pick("", "null", "[]", "\"text\"", "42", "{}", "{\"key\":\"" + knownKey() + "\"}",
                "{\"value\":\"" + freshValue() + "\"}", "{\"key\":null,\"value\":\"" + freshValue() + "\"}",
                "{\"key\":\"" + knownKey() + "\",\"value\":null}", "{\"key\":\"\",\"value\":\"" + freshValue() + "\"}",
                putJson(knownKey(), freshValue(), "") + "]", putJson(knownKey(), freshValue(), "") + "{}",
                "{\"key\":\"" + knownKey() + "\" \"value\":\"x\"}", "{'key':'" + knownKey() + "'}");
        return put("bad-shape", "application/json", utf8(body));
    }

    private BadRequest badVersion() {
        String version = pick(B64.encodeToString(randomBytes(1 + random.nextInt(60))), "AQ==", "not-a-version", "////", "AAAA");
        return put("bad-version", "application/json", utf8(putJson(knownKey(), freshValue(), ",\"fromVersion\":\"" + version + "\"")));
    }

    private BadRequest valueTooLarge() {
        byte[] value = randomBytes(maxValueBytes + 1 + random.nextInt(1_000));
        return put("value-too-large", "application/json", utf8(putJson(knownKey(), B64.encodeToString(value), "")));
    }

    // --- building blocks -------------------------------------------------------------------

    private static String putJson(String key, String value, String extra) {
        return "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"" + extra + "}";
    }

    private BadRequest put(String kind, String contentType, byte[] body) {
        return request(kind, "PUT", "/storage/", contentType, body, false);
    }

    private static BadRequest get(String kind, String target, boolean absentKeyRead) {
        return request(kind, "GET", target, null, new byte[0], absentKeyRead);
    }

    private static BadRequest request(String kind, String method, String target, String contentType, byte[] body,
            boolean absentKeyRead) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type:").append(contentType.isEmpty() ? "" : " " + contentType).append("\r\n");
        }
        if (body.length > 0 || method.equals("PUT") || method.equals("POST")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return new BadRequest(kind, concat(head.toString().getBytes(StandardCharsets.UTF_8), body), absentKeyRead);
    }

    private String knownKey() {
        return knownKeys.get(random.nextInt(knownKeys.size()));
    }

    /** A value no known key holds. */
    private String freshValue() {
        return B64.encodeToString(utf8("fuzz-" + random.nextInt(1_000_000)));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private byte[] pickBytes(byte[]... options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
