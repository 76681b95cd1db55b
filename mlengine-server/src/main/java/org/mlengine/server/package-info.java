/**
 * A model served over HTTP, out of process.
 *
 * <p>API: {@link org.mlengine.server.ModelServer} (a bundle, a predictor or a registry alias
 * served on an embedded Undertow server: JSON for one row, KServe V2 for batches, metadata,
 * health, Prometheus metrics, OpenAPI; graceful shutdown; the command line's {@code serve}).
 * Everything else here is the engine, package-private.
 */
package org.mlengine.server;
