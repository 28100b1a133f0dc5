/**
 * Performance machinery of the topology, kept apart from its rules so a reader can tell the two apart: when a task
 * flushes and commits ({@link io.trackstream.processor.topology.tuning.FlushPolicy}), the decoded values a task keeps
 * in front of its stores ({@link io.trackstream.processor.topology.tuning.RecentValues}), and a shipment encoded once
 * for its three writes ({@link io.trackstream.processor.topology.tuning.ShipmentBytes}). None of it changes what the
 * topology computes; BENCHMARKS.md says what each buys.
 */
package io.trackstream.processor.topology.tuning;
