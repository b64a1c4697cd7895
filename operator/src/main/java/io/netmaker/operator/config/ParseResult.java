package io.netmaker.operator.config;

import java.util.List;

/** The outcome of reading the command line: options to run with, a help request, or every error found. */
public sealed interface ParseResult {
    /** {@code warnings}: accepted settings that have no effect here, logged once the logger is configured. */
    record Run(OperatorOptions options, List<String> warnings) implements ParseResult { }

    record Help(String usage) implements ParseResult { }

    record Invalid(List<String> errors, String usage) implements ParseResult { }
}
