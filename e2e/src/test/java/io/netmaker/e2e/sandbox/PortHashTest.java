package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortHashTest {
    @Test
    void fnv1aMatchesTheReferenceVectors() {
        assertThat(PortHash.fnv1a32("")).isEqualTo(0x811c9dc5L);
        assertThat(PortHash.fnv1a32("a")).isEqualTo(0xe40c292cL);
        assertThat(PortHash.fnv1a32("foobar")).isEqualTo(0xbf9cf968L);
    }

    @Test
    void portsStayInTheirRangeForHashesAboveTwoToThe31() {
        // 0xbf9cf968 is negative as a Java int: unsigned math keeps the offset positive
        // 3214735720 % 1000 = 720
        assertThat(PortHash.healthPort("foobar")).isEqualTo(8801);
        assertThat(PortHash.proxyPort("foobar")).isEqualTo(8805);
    }
}
