package io.netmaker.operator.config;

/**
 * One input of the operator, one row of the README's operator table: its environment variable and its flag (either
 * may be null), its default and what it means (plain text; the README may add markup).
 */
public record OperatorSetting(String env, Flag flag, Default byDefault, String meaning) {

    /** The name errors and warnings use: the flag when there is one, else the variable. */
    public String name() {
        return flag == null ? env : flag.name();
    }

    /**
     * A Go {@code flag}: {@code bool} flags take {@code --flag} alone for true, or {@code --flag=bool}; the others
     * take a value ({@code --flag=value} or {@code --flag value}).
     */
    public record Flag(String name, boolean bool) {
        public static Flag value(String name) {
            return new Flag(name, false);
        }

        public static Flag bool(String name) {
            return new Flag(name, true);
        }

        /** As the README writes it: {@code --leader-elect[=bool]}, {@code --lease-duration}. */
        public String documented() {
            return bool ? name + "[=bool]" : name;
        }
    }

    /**
     * The value used when neither flag nor variable gives one, or null when the default is worked out from other
     * inputs; {@code text} documents it either way.
     */
    public record Default(String value, String text) {
        /** A literal default: what the parser uses and the README shows. */
        public static Default value(String value) {
            return new Default(value, value);
        }

        /** A default worked out by the parser from other inputs, as {@code text} describes. */
        public static Default computed(String text) {
            return new Default(null, text);
        }
    }
}
