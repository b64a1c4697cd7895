package io.netmaker.agent.election;

/** Whether this replica's child holds the Lease, as far as the agent can tell. */
public enum LeaderState { LEADING, STANDBY, UNKNOWN }
