/**
 * Runnable examples on real data and the {@code mlengine} command line: {@link
 * org.mlengine.examples.Quickstart} trains, saves and serves a credit-scoring model; {@link
 * org.mlengine.examples.FoodsExample} classifies food reviews with TF-IDF; {@link
 * org.mlengine.examples.ChicagoExample} forecasts daily ridership from windows of its past and
 * serves the forecasts from a history; {@link org.mlengine.examples.ChicagoRestartDemo} serves
 * them from {@code mlengine-server} processes with a durable history through a kill -9 and a
 * restart; {@link org.mlengine.examples.DeployDemo} registers two
 * credit models and takes them through shadow, canary, promotion, rollback and limits; {@link
 * org.mlengine.examples.DriftDemo} watches a served credit model drift, retrains it, tries the
 * candidate in the shadow and promotes it when it is significantly better; {@link
 * org.mlengine.examples.Cli} is the launcher's entry point.
 */
package org.mlengine.examples;
