package io.influxtimescale.source.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    @Test
    void delaysDoubleUpToTheCapWithJitterAndEndAfterTheLastRetry() {
        Set<Long> thirdDelays = new HashSet<>();
        for (int run = 0; run < 50; run++) {
            RetryBackoff b = new RetryBackoff(4, 1_000, 5_000);
            assertThat(b.onFailure()).isBetween(800L, 1_200L);
            assertThat(b.onFailure()).isBetween(1_600L, 2_400L);
            long third = b.onFailure();
            assertThat(third).isBetween(3_200L, 4_800L);
            thirdDelays.add(third);
            assertThat(b.onFailure()).as("capped").isBetween(4_000L, 5_000L);
            assertThat(b.onFailure()).as("no retries left").isEqualTo(-1);
            b.onSuccess();
            assertThat(b.failures()).isZero();
        }
        assertThat(thirdDelays).as("tasks failing together do not retry together").hasSizeGreaterThan(10);
    }
}
