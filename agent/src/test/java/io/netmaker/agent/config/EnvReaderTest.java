package io.netmaker.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EnvReaderTest {

    private static EnvReader reader(Map<String, String> env) {
        return new EnvReader(env::get);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "1,true", "t,true", "yes,true", "Yes,true", "false,false", "0,false",
            "F,false", "no,false", "NO,false"})
    void boolAcceptsTheSharedGrammarsSpellings(String value, boolean expected) {
        EnvReader env = reader(Map.of("X", value));
        assertThat(env.bool("X")).contains(expected);
        assertThat(env.errors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off", "2", "ja", "y"})
    void boolRejectsOthersNamingVariableValueAndAllowed(String value) {
        EnvReader env = reader(Map.of("ENABLE_X", value));
        assertThat(env.bool("ENABLE_X", true)).isTrue();
        assertThat(env.errors()).containsExactly(
                "invalid ENABLE_X=\"" + value + "\": must be true, false, 1, 0, t, f, yes or no");
    }

    @ParameterizedTest
    @CsvSource({"8s,8000", "500ms,500", "1m30s,90000", "0,0", "1h,3600000", "1.5s,1500", "2m,120000", ".5s,500", "+2s,2000"})
    void durationsAreGoStyle(String text, long millis) {
        EnvReader env = reader(Map.of("D", text));
        assertThat(env.duration("D", Duration.ZERO)).isEqualTo(Duration.ofMillis(millis));
        assertThat(env.errors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "s", "-1s", "1sx", "1 s", "8sec", "1e3s", "3000000h"})
    void badDurationsAreErrors(String text) {
        EnvReader env = reader(Map.of("D", text));
        assertThat(env.duration("D", Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(8));
        assertThat(env.errors()).singleElement().asString().startsWith("invalid D=").contains("duration like 8s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"80x", "0", "65536", "-1", "99999999999", "8o81"})
    void badPortsAreErrors(String text) {
        EnvReader env = reader(Map.of("P", text));
        assertThat(env.port("P", 8081)).isEqualTo(8081);
        assertThat(env.errors()).containsExactly("invalid P=\"" + text + "\": must be a port number from 1 to 65535");
    }

    @Test
    void aPathTheSystemCannotRepresentIsAConfigErrorNotACrash() {
        EnvReader env = reader(Map.of("AGENT_STATE_DIR", "/tmp/a\u0000b", "AGENT_TERMINATION_LOG", "/tmp/log"));
        assertThat(env.path("AGENT_STATE_DIR", "/tmp/agent")).isEqualTo(java.nio.file.Path.of("/tmp/agent"));
        assertThat(env.path("AGENT_TERMINATION_LOG", "/dev/termination-log")).isEqualTo(java.nio.file.Path.of("/tmp/log"));
        assertThat(env.errors()).singleElement().asString()
                .startsWith("invalid AGENT_STATE_DIR=\"/tmp/a\\u0000b\": must be a path this system can represent");
    }

    @Test
    void blankCountsAsUnsetAndValuesAreTrimmed() {
        EnvReader env = reader(Map.of("A", "  ", "B", " 9000 "));
        assertThat(env.port("A")).isEmpty();
        assertThat(env.port("B")).hasValue(9000);
        assertThat(env.errors()).isEmpty();
    }

    @Test
    void enumValuesAreKebabCaseAndCaseInsensitive() {
        EnvReader env = reader(Map.of("P", "Next-Free", "Q", "nextfree"));
        assertThat(env.enumValue("P", ConflictPolicy.class, ConflictPolicy.FAIL)).isEqualTo(ConflictPolicy.NEXT_FREE);
        assertThat(env.enumValue("Q", ConflictPolicy.class, ConflictPolicy.FAIL)).isEqualTo(ConflictPolicy.FAIL);
        assertThat(env.errors()).containsExactly("invalid Q=\"nextfree\": must be one of next-free, fail");
    }

    @Test
    void flagsWinOverVariablesAndAreNamedInErrors() {
        List<String> errors = new ArrayList<>();
        EnvReader env = new EnvReader(Map.of("P", "9000", "Q", "1")::get,
                Map.of("P", new EnvReader.FlagValue("--p", "9001"), "Q", new EnvReader.FlagValue("--q", "x")), errors);
        assertThat(env.port("P")).hasValue(9001);
        assertThat(env.positiveInt("Q", 3)).isEqualTo(3);
        assertThat(errors).containsExactly("invalid --q (Q)=\"x\": must be a whole number of at least 1");
    }

    @Test
    void controlCharactersInValuesAreEscaped() {
        EnvReader env = reader(Map.of("P", "8\n0\""));
        env.port("P");
        assertThat(env.errors()).containsExactly(
                "invalid P=\"8\\u000a0\\u0022\": must be a port number from 1 to 65535");
    }

    @Test
    void unknownAgentVariablesAreThoseNeverRead() {
        EnvReader env = reader(Map.of());
        env.string("AGENT_STATE_DIR");
        assertThat(env.unknownAgentVariables(List.of("AGENT_STATE_DIR", "AGENT_STATEDIR", "PATH")))
                .containsExactly("AGENT_STATEDIR");
    }

    @Test
    void anUnknownNameSuggestsTheSettingItResembles() {
        EnvReader env = reader(Map.of());
        env.string("AGENT_PORT_STRATEGY");
        env.string("AGENT_STATE_DIR");
        assertThat(env.closestReadName("AGENT_PORT_STRATEGYY")).hasValue("AGENT_PORT_STRATEGY");
        assertThat(env.closestReadName("AGENT_STATEDIR")).hasValue("AGENT_STATE_DIR");
        assertThat(env.closestReadName("AGENT_SOMETHING_ELSE")).isEmpty();
        assertThat(EnvReader.editDistance("kitten", "sitting")).isEqualTo(3);
    }
}
