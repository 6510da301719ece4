package io.influxtimescale.source.discovery;

import java.util.ArrayList;
import java.util.List;

import io.influxtimescale.source.plan.SplitContainer;

/**
 * Carries the split containers in a task config: {@code <from>/<until>/<slice>/<database>/<rp>/<measurement>}
 * entries joined by ',', the names escaped as {@link ContainerListCodec} does.
 */
public final class SplitListCodec {
    private SplitListCodec() {
    }

    public static String encode(List<SplitContainer> splits) {
        StringBuilder b = new StringBuilder();
        for (SplitContainer s : splits) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(s.fromNs()).append('/').append(s.untilNs()).append('/').append(s.sliceNs()).append('/')
                    .append(ContainerListCodec.encode(List.of(s.container())));
        }
        return b.toString();
    }

    public static List<SplitContainer> decode(String encoded) {
        List<SplitContainer> out = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String item : encoded.split(",", -1)) {
            String[] parts = item.split("/", 4);
            if (parts.length != 4) {
                throw new IllegalArgumentException("malformed split container '" + item + "' in task config: "
                        + "expected from/until/slice/database/retention_policy/measurement");
            }
            List<Container> c = ContainerListCodec.decode(parts[3]);
            if (c.size() != 1) {
                throw new IllegalArgumentException("malformed split container '" + item + "' in task config");
            }
            out.add(new SplitContainer(c.get(0), Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    Long.parseLong(parts[2])));
        }
        return out;
    }
}
