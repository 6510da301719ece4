package io.influxtimescale.cli.verify;

import java.util.SortedMap;

import io.influxtimescale.contract.FieldType;

/** One field value of one series, as read from either side when a bucket has to be pinned down. */
public record RawPoint(SortedMap<String, String> tags, long timeNs, FieldType type, Object value) {
}
