/**
 * Types shared by the registry server, its clients and the serdes: error codes, compatibility levels,
 * modes and the one exception type that carries a Confluent-style error code.
 */
package vn.pulse.registry.model;
