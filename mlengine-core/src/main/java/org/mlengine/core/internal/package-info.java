/**
 * Internal: core's engine (the leakage audit's checks, message wording, worker threads). Not API; no
 * compatibility promise.
 */
package org.mlengine.core.internal;
