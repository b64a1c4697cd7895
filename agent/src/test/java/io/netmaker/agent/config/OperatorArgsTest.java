package io.netmaker.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's {@code flag} package semantics (flag.go parseOne), for the Go dialects. */
class OperatorArgsTest {
    private static final ChildDialect GO = ChildDialect.NETMAKER_GO;

    private static OperatorArgs go(String command) {
        return OperatorArgs.parse(List.of(command.split(" ")), GO);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/m --leader-elect | true",
            "/m -leader-elect | true",
            "/m --leader-elect=false | false",
            "/m --leader-elect=0 | false",
            "/m --leader-elect=T | true",
            "/m --leader-elect=False | false",
            "/m --leader-elect=false --leader-elect | true",
            "/m --leader-elect false | true",
            "/m --zap-log-level --leader-elect=false | ''",
            "/m pos --leader-elect=false | ''",
            "/m -- --leader-elect=false | ''",
            "/m - --leader-elect=false | ''"})
    void leaderElectAsGoReadsIt(String command, String expected) {
        OperatorArgs args = go(command);
        assertThat(args.errors()).isEmpty();
        assertThat(args.bool(ChildDialect.LEADER_ELECT, GO).map(String::valueOf).orElse("")).isEqualTo(expected);
    }

    @Test
    void parsingStopsAtTheFirstNonFlagArgument() {
        OperatorArgs args = go("/m --zap-devel --leader-elect false --metrics-bind-address=:8080");
        assertThat(args.head()).extracting(OperatorArgs.Arg::name).containsExactly("zap-devel", "leader-elect");
        assertThat(args.rest()).containsExactly("false", "--metrics-bind-address=:8080");
    }

    @Test
    void aNonBoolFlagTakesTheNextArgumentEvenWhenItLooksLikeAFlag() {
        OperatorArgs args = go("/m --zap-log-level --leader-elect=false");
        assertThat(args.value("zap-log-level")).contains("--leader-elect=false");
        assertThat(args.value(ChildDialect.LEADER_ELECT)).isEmpty();
    }

    @Test
    void whatGoRejectsIsAnError() {
        assertThat(go("/m --leader-elect=maybe").errors()).singleElement().asString()
                .contains("invalid boolean value for -leader-elect");
        assertThat(go("/m ---x").errors()).singleElement().asString().contains("bad flag syntax");
        assertThat(go("/m -=x").errors()).singleElement().asString().contains("bad flag syntax");
        assertThat(go("/m --zap-encoder").errors()).singleElement().asString().contains("flag needs an argument");
        assertThat(go("/m -h").errors()).singleElement().asString().contains("usage");
    }

    @Test
    void flagsTheDialectDoesNotDefineAreWarnedAbout() {
        OperatorArgs args = go("/manager --leader-election-id=x --zap-devel");
        assertThat(args.errors()).isEmpty();
        assertThat(args.warnings()).singleElement().asString()
                .contains("-leader-election-id is not a flag of dialect netmaker-go", "flag provided but not defined");
        assertThat(OperatorArgs.parse(List.of("/m", "--leader-election-id=x"), ChildDialect.NETMAKER_JAVA)
                .warnings()).isEmpty();
    }

    @Test
    void managedFlagsAreReplacedInPlaceAndTheRestInsertedBeforePositionals() {
        OperatorArgs args = go("/m --kubeconfig /k -leader-elect --leader-elect=false pos --x");
        List<String> rewrites = new java.util.ArrayList<>();
        List<String> argv = args.withFlags(Map.of("leader-elect", "true"), rewrites);
        assertThat(argv).containsExactly("/m", "--kubeconfig", "/k", "--leader-elect=true", "pos", "--x");
        assertThat(rewrites).containsExactly("--leader-elect true -> true", "--leader-elect false -> true");
    }

    @Test
    void noCommandIsThePlaceholder() {
        assertThat(OperatorArgs.parse(List.of(), GO).program()).isEqualTo(OperatorArgs.PLACEHOLDER);
    }
}
