/**
 * Runnable examples on real data and the {@code mlengine} command line: {@link
 * org.mlengine.examples.Quickstart} trains, saves and serves a credit-scoring model; {@link
 * org.mlengine.examples.Cli} is the launcher's entry point.
 */
package org.mlengine.examples;
