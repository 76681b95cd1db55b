/**
 * A model served over HTTP, out of process.
 *
 * <p>API: {@link org.mlengine.server.ModelServer} (a bundle, a predictor or a registry alias
 * served on an embedded Undertow server: JSON for one row, KServe V2 for batches, metadata,
 * health, Prometheus metrics, OpenAPI; graceful shutdown; the command line's {@code serve});
 * {@link org.mlengine.server.LambdaHandler} (a bundle served as an AWS Lambda function behind
 * Amazon API Gateway, with the same JSON).
 * Everything else here is the engine, package-private.
 */
package org.mlengine.server;
