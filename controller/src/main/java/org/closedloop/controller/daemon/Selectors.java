package org.closedloop.controller.daemon;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Resolves the selector of {@code closedloop protocol show}: a sha256 (64 hex digits, or a prefix of at least 8),
 * {@code id@version}, or an id (its highest stored version).
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class Selectors {

    private static final Pattern SHA_PREFIX = Pattern.compile("[0-9a-f]{8,64}");

    private Selectors() {
    }

    static List<StoredProtocol> select(List<StoredProtocol> all, String selector) {
        if (SHA_PREFIX.matcher(selector).matches()) {
            List<StoredProtocol> bySha = all.stream().filter(e -> e.sha256().startsWith(selector)).toList();
            if (!bySha.isEmpty()) {
                return bySha;
            }
        }
        int at = selector.lastIndexOf('@');
        if (at > 0) {
            String id = selector.substring(0, at);
            String version = selector.substring(at + 1);
            return all.stream().filter(e -> e.id().equals(id) && Integer.toUnsignedString(e.version()).equals(version))
                    .toList();
        }
        return all.stream().filter(e -> e.id().equals(selector))
                .max(Comparator.comparingLong(e -> Integer.toUnsignedLong(e.version())))
                .map(List::of).orElse(List.of());
    }
}
