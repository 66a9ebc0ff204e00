package org.labwatch.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What a token is: {@code lw1_} and 43 characters of base64url (32 random bytes, no padding), kept on
 * the server only as the SHA-256 of its UTF-8 bytes, in lower-case hex. The launcher's
 * {@code ./labwatch token add} makes them the same way.
 */
final class Tokens {

    static final String PREFIX = "lw1_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String token) {
        return sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
