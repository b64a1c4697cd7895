package io.netmaker.operator.config;

import java.util.List;

/** The outcome of reading the command line: options to run with, a help request, or every error found. */
public sealed interface ParseResult {
    record Run(OperatorOptions options) implements ParseResult { }

    record Help(String usage) implements ParseResult { }

    record Invalid(List<String> errors, String usage) implements ParseResult { }
}
