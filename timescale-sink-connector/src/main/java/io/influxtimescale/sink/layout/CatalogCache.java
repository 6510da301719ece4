package io.influxtimescale.sink.layout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Catalog ids already resolved (series identity -> id), least recently used evicted beyond a bound. Ids never
 * change once a catalog row exists, so a cached id stays right across transactions, reconnects and tasks.
 */
public final class CatalogCache<K> {
    private final LinkedHashMap<K, Long> ids;

    public CatalogCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be positive");
        }
        this.ids = new Lru<>(maxEntries);
    }

    /** Access-ordered, dropping the least recently used entry beyond its capacity. */
    private static final class Lru<K> extends LinkedHashMap<K, Long> {
        private static final long serialVersionUID = 1L;
        private final int maxEntries;

        Lru(int maxEntries) {
            super(1024, 0.75f, true);
            this.maxEntries = maxEntries;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, Long> eldest) {
            return size() > maxEntries;
        }
    }

    /** The id, or null when not cached. */
    public Long get(K key) {
        return ids.get(key);
    }

    public void put(K key, long id) {
        ids.put(key, id);
    }

    public int size() {
        return ids.size();
    }
}
