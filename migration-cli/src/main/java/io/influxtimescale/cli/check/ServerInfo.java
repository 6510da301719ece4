package io.influxtimescale.cli.check;

/**
 * A server the preflight talked to: its address, whether it answered, and the version it reported.
 *
 * @param version the version text, or the reason it could not be reached
 */
public record ServerInfo(String name, String address, boolean reachable, String version) {
}
