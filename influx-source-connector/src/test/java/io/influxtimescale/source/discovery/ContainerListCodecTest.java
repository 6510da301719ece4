package io.influxtimescale.source.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ContainerListCodecTest {
    @Test
    void anyCharacterSurvivesTheTaskConfig() {
        List<Container> list = List.of(new Container("d,b/%25", "rp\n", "m \"x\" \\ , = ü"),
                new Container("a", "b", "c"));
        String encoded = ContainerListCodec.encode(list);
        assertThat(ContainerListCodec.decode(encoded)).isEqualTo(list);
        assertThat(ContainerListCodec.decode("")).isEmpty();
    }

    @Test
    void assignmentIsRoundRobinOverSortedContainers() {
        List<Container> sorted = List.of(new Container("a", "r", "1"), new Container("a", "r", "2"),
                new Container("b", "r", "1"));
        assertThat(TaskAssignment.assign(sorted, 2)).containsExactly(
                List.of(new Container("a", "r", "1"), new Container("b", "r", "1")),
                List.of(new Container("a", "r", "2")));
        assertThat(TaskAssignment.assign(sorted, 10)).hasSize(3);
        assertThat(TaskAssignment.assign(List.of(), 3)).isEmpty();
    }
}
