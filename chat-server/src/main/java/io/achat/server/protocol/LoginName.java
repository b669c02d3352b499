package io.achat.server.protocol;

import java.util.Optional;

/**
 * The login rules: the first line, trimmed, is the login; 1 to 32 characters, none of them white
 * space, {@code ,} or {@code :} (they would make the name impossible to address), and not starting
 * with {@code /} (that prefix is kept for commands). Names are case-sensitive, as in the original.
 */
public final class LoginName {

    public static final int MAX_LENGTH = 32;

    private LoginName() {
    }

    /** The reason {@code name} (already trimmed) is not a valid login, or empty if it is one. */
    public static Optional<String> problem(String name) {
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_LENGTH) {
            return Optional.of("a login has 1 to " + MAX_LENGTH + " characters");
        }
        if (name.startsWith("/")) {
            return Optional.of("a login may not start with '/'");
        }
        boolean bad = name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c) || c == ',' || c == ':');
        return bad ? Optional.of("a login may not contain spaces, control characters, ',' or ':'") : Optional.empty();
    }

}
