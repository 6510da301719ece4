package io.influxtimescale.sink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ContainerIdMappingTest {
    @Test
    void parsesEntriesWithEscapes() {
        assertThat(ContainerIdMapping.parse("lab=12, field data = 13,")).containsExactly(
                Map.entry("lab", 12L), Map.entry("field data", 13L));
        assertThat(ContainerIdMapping.parse("a\\,b\\=c\\\\=7")).containsExactly(Map.entry("a,b=c\\", 7L));
        assertThat(ContainerIdMapping.parse("")).isEmpty();
        assertThat(ContainerIdMapping.parse(null)).isEmpty();
    }

    @Test
    void rejectsWhatIsNotAMapping() {
        assertThatThrownBy(() -> ContainerIdMapping.parse("lab")).hasMessageContaining("not database=containerId");
        assertThatThrownBy(() -> ContainerIdMapping.parse("lab=x")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> ContainerIdMapping.parse("=1")).hasMessageContaining("not database=containerId");
        assertThatThrownBy(() -> ContainerIdMapping.parse("a=1,a=2")).hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> ContainerIdMapping.parse("a=1\\")).hasMessageContaining("trailing backslash");
    }
}
