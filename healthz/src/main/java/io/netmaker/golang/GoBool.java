package io.netmaker.golang;

/** Parses booleans the way Go's {@code strconv.ParseBool} (and so the {@code flag} package) does. */
public final class GoBool {
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
}
