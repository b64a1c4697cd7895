package io.netmaker.agent.ports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Fnv1aTest {

    /** Values computed independently (Python, per-byte xor then multiply mod 2^32), as in docs/operations/ports.md. */
    @ParameterizedTest
    @CsvSource({
            "netmaker-k8s-ops-multi-7d9f8c6b5-abcde, 1946965563, 8644, 8648",
            "netmaker-operator-0, 4170227306, 8387, 8391",
            "netmaker-k8s-ops-multi-7d9f8c6b5-fghij, 4219018330, 8411, 8415",
            "a, 3826002220, 8301, 8305",
            "netmaker-k8s-ops-0, 1144118017, 8098, 8102",
            "ü-pod, 692127692, 8773, 8777"})
    void matchesGoFnv32aAndNeverGoesBelowTheBase(String name, long hash, int health, int proxy) {
        assertThat(Fnv1a.hash32(name)).isEqualTo(hash);
        assertThat(Fnv1a.offsetPort(8081, name)).isEqualTo(health);
        assertThat(Fnv1a.offsetPort(8085, name)).isEqualTo(proxy);
    }

    @ParameterizedTest
    @CsvSource({"netmaker-operator-0", "a", "netmaker-k8s-ops-multi-7d9f8c6b5-fghij"})
    void namesWhoseSignedHashIsNegativeStillGetAnOffsetFrom0To999(String name) {
        int signed = (int) Fnv1a.hash32(name);
        assertThat(signed).isNegative();
        assertThat(signed % 1000).isNegative(); // the bug the unsigned math avoids
        assertThat(Fnv1a.offsetPort(8081, name)).isBetween(8081, 9080);
    }

    @ParameterizedTest
    @CsvSource(value = {"'', 2166136261"})
    void emptyInputIsTheOffsetBasis(String name, long hash) {
        assertThat(Fnv1a.hash32(name)).isEqualTo(hash);
    }
}
