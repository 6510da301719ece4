/**
 * The operator CLI: check, plan, deploy, status, verify, cutover, replay, clean (issue 8). It talks to the Connect
 * REST API and reuses the connectors' own InfluxDB client and SQL builders.
 */
package io.influxtimescale.cli;
