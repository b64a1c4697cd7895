package io.netmaker.operator.config;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The command line, built from {@link OperatorSettings#ALL}: every flag with its default and help text. picocli only
 * splits the command line into raw text; {@link OptionsParser} converts and validates every value so that all errors
 * are reported together. Built by hand: picocli's annotations are read through reflection, which costs start-up time.
 */
final class OperatorCommand {
    private static final String ENVIRONMENT = "environment";
    /** As wide as picocli's option column, so both tables line up. */
    private static final int NAME_WIDTH = 29;

    private OperatorCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("operator");
        spec.usageMessage().sortOptions(false)
                .description("Netmaker Service proxy operator (flags compatible with the Go controller-runtime "
                        + "operator).")
                .footer("", "Exit codes: 0 stopped by SIGTERM, 1 leader election lost or fatal error, 2 bad command "
                        + "line.");
        List<String> sections = new ArrayList<>(spec.usageMessage().sectionKeys());
        sections.add(sections.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), ENVIRONMENT);
        spec.usageMessage().sectionKeys(sections);
        spec.usageMessage().sectionMap().put(ENVIRONMENT, OperatorCommand::environment);
        for (OperatorSetting s : OperatorSettings.ALL) {
            if (s.flag() != null) {
                spec.addOption(option(s));
            }
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.")
                .build());
        return spec;
    }

    private static OptionSpec option(OperatorSetting s) {
        OptionSpec.Builder option = OptionSpec.builder(s.flag().name()).type(String.class)
                .description(describe(s)).defaultValue(s.byDefault().value());
        return s.flag().bool()
                ? option.paramLabel("BOOL").arity("0..1").fallbackValue("true").build()
                : option.paramLabel("VALUE").build();
    }

    /** The variables that have no flag, laid out like the options. */
    private static String environment(Help help) {
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(help.colorScheme(), new Column(NAME_WIDTH, 2, Column.Overflow.SPAN),
                new Column(width - NAME_WIDTH, 0, Column.Overflow.WRAP));
        for (OperatorSetting s : OperatorSettings.ALL) {
            if (s.flag() == null) {
                table.addRowValues(s.env(), describe(s));
            }
        }
        return System.lineSeparator() + "Environment:" + System.lineSeparator() + table;
    }

    /** The meaning, then the default and the variable of a flag (as the README's table gives them). */
    private static String describe(OperatorSetting s) {
        List<String> notes = new ArrayList<>();
        if (!s.byDefault().text().isEmpty()) {
            notes.add("default: " + s.byDefault().text());
        }
        if (s.env() != null && s.flag() != null) {
            notes.add("env " + s.env());
        }
        return s.meaning() + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")") + ".";
    }
}
