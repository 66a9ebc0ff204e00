package org.labwatch.ingest;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/** The tokens of one reading of the token file: which source a token is. */
final class TokenTable {

    record Entry(String name, byte[] hash) {}

    static final TokenTable EMPTY = new TokenTable(List.of(), List.of());

    private final List<Entry> entries;
    private final List<String> problems;

    TokenTable(List<Entry> entries, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    /**
     * The source this token belongs to. Every entry is compared, each in constant time, so the answer
     * takes as long for a near miss as for a far one and tells nothing about the stored hashes.
     */
    Optional<String> sourceOf(String token) {
        byte[] hash = Tokens.sha256(token);
        String found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(hash, e.hash()) && found == null) {
                found = e.name();
            }
        }
        return Optional.ofNullable(found);
    }

    List<String> names() {
        return entries.stream().map(Entry::name).distinct().sorted().toList();
    }

    boolean has(String name) {
        return entries.stream().anyMatch(e -> e.name().equals(name));
    }

    /** Lines that are neither comments nor {@code NAME=sha256:<hex>}, described without their content. */
    List<String> problems() {
        return problems;
    }
}
