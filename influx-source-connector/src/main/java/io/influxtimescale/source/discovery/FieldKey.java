package io.influxtimescale.source.discovery;

import java.util.Objects;

import io.influxtimescale.contract.FieldType;

/** One line of {@code SHOW FIELD KEYS}: a field and one of its types (a field with several types has several). */
public final class FieldKey {
    private final String name;
    private final FieldType type;

    public FieldKey(String name, FieldType type) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldKey && ((FieldKey) o).name.equals(name) && ((FieldKey) o).type == type;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return name + ":" + type.wireName();
    }
}
