package io.influxtimescale.source.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicNamerTest {
    @Test
    void legalNamesStayAsTheyAre() {
        assertThat(new TopicNamer("influx.").topic("telegraf_1-a.b")).isEqualTo("influx.telegraf_1-a.b");
    }

    @Test
    void illegalCharactersBecomeUnderscoresPlusAHashThatKeepsNamesApart() {
        TopicNamer n = new TopicNamer("influx.");
        String a = n.topic("a b");
        String b = n.topic("a_b");
        String c = n.topic("a,b");
        assertThat(a).matches("influx\\.a_b-[0-9a-f]{8}");
        assertThat(b).isEqualTo("influx.a_b");
        assertThat(c).matches("influx\\.a_b-[0-9a-f]{8}").isNotEqualTo(a);
        assertThat(n.topic("ü".repeat(300))).hasSizeLessThanOrEqualTo(249).matches("[a-zA-Z0-9._-]+");
    }
}
