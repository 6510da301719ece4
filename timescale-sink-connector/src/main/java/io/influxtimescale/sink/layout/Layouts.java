package io.influxtimescale.sink.layout;

import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.sink.layout.wide.WideLayout;

/** Creates the layout a configuration names. */
public final class Layouts {
    private Layouts() {
    }

    public static Layout create(TimescaleSinkConfig config) {
        switch (config.layout()) {
            case WideLayout.NAME:
                return new WideLayout(config.targetSchema(), config.wideSchemaPerDatabase(),
                        config.chunkTimeIntervalMs(), config.catalogCacheSize());
            case NarrowLayout.NAME:
                return new NarrowLayout(config.targetSchema(), config.chunkTimeIntervalMs(), config.catalogCacheSize());
            case ShepardLayout.NAME:
                return new ShepardLayout(config.targetSchema(), config.shepardContainerIds(),
                        config.catalogCacheSize());
            default:
                throw new IllegalArgumentException("unknown layout '" + config.layout() + "': expected one of "
                        + TimescaleSinkConfig.LAYOUTS);
        }
    }
}
