package io.netmaker.golang;

import java.util.Locale;
import java.util.Optional;

/**
 * Booleans as Go reads them ({@link #parse}: {@code strconv.ParseBool}, and so the {@code flag} package), and the one
 * grammar both the agent and the operator read a boolean setting from the environment with ({@link #setting}).
 */
public final class GoBool {
    /** The forms {@link #setting} accepts, for error messages. */
    public static final String SETTING_FORMS = "true, false, 1, 0, t, f, yes or no";

    private GoBool() {
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static boolean parse(String text) {
        return switch (text == null ? "" : text) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("invalid boolean \"" + text
                    + "\" (use true or false; 1, 0, t, f, TRUE, FALSE also work)");
        };
    }

    /**
     * A boolean setting: every form {@link #parse} takes, in any case, plus {@code yes} and {@code no}; empty when
     * the text is none of them ({@link #SETTING_FORMS} names what is allowed).
     */
    public static Optional<Boolean> setting(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "t", "true", "yes" -> Optional.of(Boolean.TRUE);
            case "0", "f", "false", "no" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }
}
